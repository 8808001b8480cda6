#:project ../RpsVision.Core/RpsVision.Core.csproj
#:property TreatWarningsAsErrors=true
#:property PublishAot=false
// In-process ceiling for the serving benchmark: the same classifier settings as the host (IntraOpThreads 1)
// classifying the same photos from memory on N threads, no HTTP.
// Usage: dotnet run -c Release bench/InProcess.cs -- <model.onnx> <photos dir> <seconds> <threads...>
//    or: ... -- <model.onnx> <photos dir> stdin   (after the warm-up, prints "ready", then measures once per input line
//        "<seconds> <threads>": the interleaved benchmark keeps this process warm between its slices)
using System.Diagnostics;
using RpsVision.Core.Inference;

string model = args[0];
string photosDirectory = args[1];
bool fromStdin = args[2] == "stdin";
double seconds = fromStdin ? 0 : double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
int[] threadCounts = args[3..].Select(int.Parse).ToArray();

byte[][] photos = new[] { "rock", "paper", "scissors" }
    .SelectMany(label => Directory.GetFiles(Path.Combine(photosDirectory, label), "*.png").Order(StringComparer.Ordinal))
    .Select(File.ReadAllBytes)
    .ToArray();
using var classifier = new ImageClassifier(model, new ClassifierOptions { IntraOpThreads = 1 });
Console.WriteLine($"model {classifier.Model.Name} {classifier.Model.Version}, input {classifier.Model.InputSize}, {photos.Length} photos, {Environment.ProcessorCount} CPUs");

// Warm-up as long as the server gets before it is measured: the JIT recompiles the hot paths (tiered PGO) under load.
var warmUp = Stopwatch.StartNew();
for (int i = 0; warmUp.Elapsed.TotalSeconds < 5; i++)
{
    classifier.Classify(photos[i % photos.Length]);
}
if (fromStdin)
{
    Console.WriteLine("ready");
    while (Console.ReadLine() is { } line && line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var time, var count])
    {
        Measure(int.Parse(count), double.Parse(time, System.Globalization.CultureInfo.InvariantCulture));
    }
}
foreach (int threads in threadCounts)
{
    Measure(threads, seconds);
}

void Measure(int threads, double seconds)
{
    long total = 0;
    TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    Thread[] workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
    {
        long count = 0;
        for (int i = t; clock.Elapsed.TotalSeconds < seconds; i++)
        {
            classifier.Classify(photos[i % photos.Length]);
            count++;
        }
        Interlocked.Add(ref total, count);
    })).ToArray();
    foreach (Thread worker in workers) worker.Start();
    foreach (Thread worker in workers) worker.Join();
    double elapsed = clock.Elapsed.TotalSeconds;
    double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
    // CPU time per image does not depend on how much of the machine other jobs take.
    Console.WriteLine($"threads={threads} images={total} seconds={elapsed:F1} images_per_s={total / elapsed:F0} cpu_ms_per_image={cpuMs / total:F2}");
}
