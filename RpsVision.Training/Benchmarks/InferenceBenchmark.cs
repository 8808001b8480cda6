using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using RpsVision.Core.Export;
using RpsVision.Core.Inference;
using RpsVision.Core.Modeling;
using RpsVision.Core.Preprocessing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Training.Benchmarks;

/// <summary>
/// Measures the inference path on this machine: end-to-end throughput of <see cref="ImageClassifier"/> for
/// square PNGs and the native photos, one image and batched; the time of each stage (header check, decode,
/// resize, normalise, ONNX Runtime); and ONNX Runtime against TorchSharp eval mode on the same model and batch.
/// Returns a Markdown report (the figures recorded in docs/BENCHMARKS.md).
/// </summary>
internal static class InferenceBenchmark
{
    /// <summary>Runs every measurement and returns the report; progress lines go to <paramref name="log"/>.</summary>
    public static string Run(InferenceBenchmarkOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string temporary = Directory.CreateTempSubdirectory("rps-bench-").FullName;
        try
        {
            using nn.Module<Tensor, Tensor>? net = options.ModelPath is null ? CreateNet(options.Architecture) : null;
            string modelPath = options.ModelPath ?? ExportRandomModel(net!, options.Architecture, options.ResolvedInputSize, temporary);
            using var classifier = new ImageClassifier(modelPath);
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"Model: {Path.GetFileName(modelPath)}, input {classifier.Model.InputSize}x{classifier.Model.InputSize}; " +
                $"{Environment.ProcessorCount} logical CPUs; {RuntimeInformation.FrameworkDescription}; {options.SecondsPerMeasurement} s per measurement; every figure is the median over the calls of a measurement.");
            report.AppendLine();

            byte[][] photos = Directory.GetFiles(options.PhotosDirectory, "*.png", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
            byte[][] squares = photos.Select(p => Stretch(p, options.ImageSide)).ToArray();
            log.WriteLine($"{photos.Length} photos; measuring end to end…");

            report.AppendLine("| Input | Call | Batch | Images/s | ms/image |");
            report.AppendLine("|---|---|---:|---:|---:|");
            foreach (var (name, images) in new[] { ($"{options.ImageSide}x{options.ImageSide} PNG", squares), (Describe(photos[0]) + " PNG (photos)", photos) })
            {
                Row(report, name, "Classify", 1, Measure(options, i => classifier.Classify(images[i % images.Length])));
                foreach (int batch in options.BatchSizes)
                {
                    byte[][] chunk = Enumerable.Range(0, batch).Select(i => images[i % images.Length]).ToArray();
                    Row(report, name, "ClassifyBatch", batch, Measure(options, _ => classifier.ClassifyBatch(chunk)));
                }
            }
            report.AppendLine();

            log.WriteLine("Measuring stages…");
            report.Append(Stages(options, classifier, squares, $"{options.ImageSide}x{options.ImageSide} PNG"));
            report.Append(Stages(options, classifier, photos, Describe(photos[0]) + " PNG"));
            report.AppendLine();

            if (net is not null)
            {
                log.WriteLine("Comparing ONNX Runtime with TorchSharp…");
                report.Append(RuntimeComparison(options, classifier, net));
            }
            return report.ToString();
        }
        finally
        {
            Directory.Delete(temporary, recursive: true);
        }
    }

    private static nn.Module<Tensor, Tensor> CreateNet(ModelArchitecture architecture)
    {
        torch.manual_seed(1);
        nn.Module<Tensor, Tensor> net = architecture == ModelArchitecture.ResNet18 ? new ResNet18() : new RpsNet(new RpsNetOptions());
        net.eval();
        return net;
    }

    private static string ExportRandomModel(nn.Module<Tensor, Tensor> net, ModelArchitecture architecture, int inputSize, string directory)
    {
        using var scope = torch.NewDisposeScope();
        var metadata = new ModelMetadata
        {
            RunId = "benchmark-random-weights",
            Labels = ["rock", "paper", "scissors"],
            Preprocessing = architecture == ModelArchitecture.ResNet18 ? ImageNetResNet18.Preprocessing(inputSize) : new PreprocessingOptions { InputSize = inputSize },
        };
        return OnnxExporter.Export(net, metadata, Path.Combine(directory, "random.onnx"), torch.randn(4, 3, inputSize, inputSize)).Path;
    }

    /// <summary>Per-stage time of the single-image path, as the classifier runs it.</summary>
    private static string Stages(InferenceBenchmarkOptions options, ImageClassifier classifier, byte[][] images, string name)
    {
        PreprocessingOptions preprocessing = classifier.Model.Preprocessing;
        var limits = new ImageLimits();
        byte[] rgb = new byte[ImagePreprocessor.RgbLength(preprocessing)];
        float[] chw = new float[rgb.Length];
        Image<Rgba32>[] decoded = images.Select(i => Image.Load<Rgba32>(i)).ToArray();
        try
        {
            double inspect = Measure(options, i => ImagePreprocessor.Inspect(images[i % images.Length], limits));
            double decode = Measure(options, i => { using var image = Image.Load<Rgba32>(images[i % images.Length]); });
            double resize = Measure(options, i => ImagePreprocessor.ResizeToRgb(decoded[i % decoded.Length], preprocessing, rgb));
            double normalize = Measure(options, _ => ImagePreprocessor.Normalize(rgb, preprocessing, chw));
            double model = Measure(options, _ => classifier.ClassifyPreprocessed(chw, 1));
            double total = inspect + decode + resize + normalize + model;
            var table = new StringBuilder();
            table.AppendLine(CultureInfo.InvariantCulture, $"Stages, one {name} at a time (sum {total:F3} ms/image):");
            table.AppendLine();
            table.AppendLine("| Stage | ms/image | Share |");
            table.AppendLine("|---|---:|---:|");
            foreach (var (stage, ms) in new[] { ("Inspect (Identify + limits)", inspect), ("Decode (ImageSharp)", decode),
                         ("Resize + composite to RGB", resize), ("Normalise to CHW floats", normalize), ("ONNX Runtime (batch 1)", model) })
            {
                table.AppendLine(CultureInfo.InvariantCulture, $"| {stage} | {ms:F3} | {ms / total:P0} |");
            }
            table.AppendLine();
            return table.ToString();
        }
        finally
        {
            foreach (var image in decoded)
            {
                image.Dispose();
            }
        }
    }

    /// <summary>ONNX Runtime against TorchSharp (eval mode, no_grad) on the same weights and preprocessed batches.</summary>
    private static string RuntimeComparison(InferenceBenchmarkOptions options, ImageClassifier classifier, nn.Module<Tensor, Tensor> net)
    {
        int size = classifier.Model.InputSize;
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"ONNX Runtime vs TorchSharp eval mode, preprocessed [N, 3, {size}, {size}] input, " +
            $"torch threads {torch.get_num_threads()}:");
        table.AppendLine();
        table.AppendLine("| Batch | ONNX Runtime ms/batch | TorchSharp ms/batch | TorchSharp / ONNX Runtime |");
        table.AppendLine("|---:|---:|---:|---:|");
        foreach (int batch in new[] { 1 }.Concat(options.BatchSizes))
        {
            torch.manual_seed(2);
            using Tensor input = torch.randn(batch, 3, size, size);
            float[] data = input.data<float>().ToArray();
            double onnx = Measure(options, _ => classifier.ClassifyPreprocessed(data, batch));
            double torchMs = Measure(options, _ =>
            {
                using var scope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                net.forward(input).softmax(1).data<float>().ToArray();
            });
            table.AppendLine(CultureInfo.InvariantCulture, $"| {batch} | {onnx:F3} | {torchMs:F3} | {torchMs / onnx:F2}x |");
        }
        table.AppendLine();
        return table.ToString();
    }

    /// <summary>
    /// Median milliseconds per call of <paramref name="action"/> (called with 0, 1, 2, …) after a warm-up. The
    /// median, not the mean, so that calls pre-empted by other processes on a shared machine do not dominate.
    /// </summary>
    private static double Measure(InferenceBenchmarkOptions options, Action<int> action)
    {
        var warmUp = Stopwatch.StartNew();
        int i = 0;
        while (warmUp.Elapsed.TotalSeconds < options.SecondsPerMeasurement / 4 || i < 3)
        {
            action(i++);
        }
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < options.SecondsPerMeasurement || times.Count < 5)
        {
            long start = Stopwatch.GetTimestamp();
            action(times.Count);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static void Row(StringBuilder report, string input, string call, int batch, double msPerCall) =>
        report.AppendLine(CultureInfo.InvariantCulture, $"| {input} | {call} | {batch} | {batch * 1000 / msPerCall:F0} | {msPerCall / batch:F3} |");

    private static string Describe(byte[] png)
    {
        var info = Image.Identify(png);
        return $"{info.Width}x{info.Height}";
    }

    /// <summary>The photo stretched to a square and re-encoded as PNG (default encoder settings).</summary>
    private static byte[] Stretch(byte[] png, int side)
    {
        using var image = Image.Load<Rgba32>(png);
        image.Mutate(x => x.Resize(side, side));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
