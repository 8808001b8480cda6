using System.CommandLine;
using RpsVision.Core.Modeling;
using RpsVision.Core.Preprocessing;
using RpsVision.Core.Runs;
using RpsVision.Core.Training;
using RpsVision.Training.Benchmarks;

namespace RpsVision.Training.Cli;

/// <summary>
/// The training command line: the root command runs the whole job; subcommands run its pieces. Each action maps
/// the parsed options to Core's options and makes one Core call.
/// </summary>
internal static class TrainingCommandLine
{
    public static RootCommand Create()
    {
        var o = new CliOptions();
        var root = new RootCommand("RpsVision training job: prepare the data, split 85/15, fine-tune the ImageNet ResNet18 (or train RpsNet), evaluate once on test, export model.onnx and write a report.");
        Add(root, o.Training());
        Add(root, o.RealPhotos);
        root.SetAction((parse, ct) => Run(parse, async console => Summarise(console, await TrainingPipeline.RunAsync(ResumeFlags.Resolve(o, parse), console, ct))));

        var download = new Command("download", "Find the data set in --data-dir, or download and extract the TFDS archives there; verify the counts.");
        Add(download, o.DataDir, o.Offline, o.Mirror);
        download.SetAction((parse, ct) => Run(parse, async console =>
        {
            var catalogue = await TrainingPipeline.DownloadAsync(o.ToData(parse), console, ct);
            console.Stage($"{catalogue.Train.Count} train and {catalogue.Test.Count} test images in {catalogue.Root}; train digest {catalogue.TrainDigest}, test digest {catalogue.TestDigest}");
        }));

        var eda = new Command("eda", "Exploratory data analysis: class counts per split, image sizes and modes, a sample grid (into <output-dir>/eda/).");
        Add(eda, o.DataDir, o.Offline, o.Mirror, o.TrainPerClass, o.TestPerClass, o.OutputDir, o.Seed, o.Split);
        eda.SetAction((parse, ct) => Run(parse, async console =>
        {
            var summary = await TrainingPipeline.EdaAsync(o.ToData(parse), o.ToPipeline(parse).Split, parse.GetValue(o.OutputDir)!, console, ct);
            console.Stage($"{summary.TotalImages} images; wrote {summary.SummaryPath} and {summary.SamplesImagePath}");
        }));

        var train = new Command("train", "Prepare the data, split and train (no test evaluation, no export); writes the checkpoint, curves and metrics.");
        Add(train, o.Training());
        train.SetAction((parse, ct) => Run(parse, async console => Summarise(console, await TrainingPipeline.TrainAsync(ResumeFlags.Resolve(o, parse), console, ct))));

        var evaluate = new Command("evaluate", "Evaluate a checkpoint on the test split (accuracy, per-class precision and recall, confusion matrix; the data options default to those in the run's config.json), " +
            "or with --photos the ONNX model on a folder of labelled photos (the serving path).");
        Add(evaluate, o.Checkpoint, o.DataDir, o.Offline, o.Mirror, o.TrainPerClass, o.TestPerClass, o.Device, o.Threads, o.Photos, o.OnnxModel);
        evaluate.SetAction((parse, ct) => Run(parse, async console =>
        {
            if (parse.GetValue(o.Photos) is { } photos)
            {
                var report = TrainingPipeline.EvaluatePhotos(o.ToOnnxModel(parse), photos, console);
                var e = report.Evaluation;
                console.Stage($"Real-photo accuracy {e.Accuracy:P2} on {e.Predictions.Count} photos of {e.FolderName} ({e.Skipped.Count} skipped); " +
                    $"recall {string.Join(", ", e.Labels.Zip(e.Recall(), (label, r) => $"{label} {r:P0}"))}; wrote {report.Folder}");
                return;
            }
            string checkpoint = parse.GetValue(o.Checkpoint)!;
            var data = o.ToData(parse, TrainingPipeline.RunDataOptions(checkpoint));
            var result = await TrainingPipeline.EvaluateAsync(checkpoint, data, o.ToDevice(parse), parse.GetValue(o.Threads), console, ct);
            console.Stage(EvaluationTable.Format(result, "Test"));
        }));

        var export = new Command("export",
            "Export a checkpoint to ONNX, verified against TorchSharp on test images; records the result in the run's metrics.json and report. The data options default to those in the run's config.json.");
        Add(export, o.Checkpoint, o.ExportOutput, o.DataDir, o.Offline, o.Mirror, o.TrainPerClass, o.TestPerClass, o.Threads);
        export.SetAction((parse, ct) => Run(parse, async console =>
        {
            string checkpoint = parse.GetValue(o.Checkpoint)!;
            var data = o.ToData(parse, TrainingPipeline.RunDataOptions(checkpoint));
            var result = await TrainingPipeline.ExportAsync(checkpoint, data, parse.GetValue(o.ExportOutput), parse.GetValue(o.Threads), console, ct);
            console.Stage($"Wrote {result.Path} (max |ONNX - TorchSharp| {result.MaxAbsDiff:E2} on {result.VerifiedImages} images)");
        }));

        var teach = new Command("teach", "Teach the served model a few photos per label (Teachable Machine's loop): a short fine-tune of the --from run's model " +
            "on the photos mixed with renders of its training split, into a new run folder (checkpoint, verified model.onnx, report) that records its parent; latest moves to it at the end.");
        teach.Arguments.Add(o.TeachFolder);
        Add(teach, o.Teach());
        teach.SetAction((parse, ct) => Run(parse, async console => SummariseTeach(console, await TeachPipeline.TeachAsync(o.ToTeach(parse), console, ct))));

        var bench = new Command("bench", "Benchmarks.");
        var benchData = new Command("data", "Data pipeline vs compute: epoch wall time against the pure compute time of the same batches.");
        Add(benchData, o.DataDir, o.Offline, o.Mirror, o.TrainPerClass, o.TestPerClass, o.Architecture, o.Pretrained, o.Seed, o.Device, o.Threads, o.BatchSize, o.ImageSize, o.Augment);
        benchData.SetAction((parse, ct) => Run(parse, async console =>
        {
            var result = await TrainingPipeline.BenchDataAsync(o.ToPipeline(parse), console, ct);
            console.Stage(result.ToString());
        }));
        bench.Subcommands.Add(benchData);

        var model = new Option<string?>("--model") { Description = "ONNX model to measure; default: a random-weight network of --architecture at --image-size" };
        var architecture = EnumOption.Create("--architecture", "Network of the random-weight model measured without --model", new InferenceBenchmarkOptions().Architecture);
        var photos = new Option<string>("--photos") { Description = "Folder of PNG photos used as inputs", DefaultValueFactory = _ => new InferenceBenchmarkOptions().PhotosDirectory };
        var seconds = new Option<double>("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => new InferenceBenchmarkOptions().SecondsPerMeasurement };
        var benchInference = new Command("inference", "ONNX Runtime classifier throughput, stage times, and ONNX Runtime vs TorchSharp; prints a Markdown report.");
        Add(benchInference, model, architecture, photos, seconds, o.ImageSize);
        benchInference.SetAction((parse, ct) => Run(parse, console =>
        {
            var options = new InferenceBenchmarkOptions
            {
                ModelPath = parse.GetValue(model),
                PhotosDirectory = parse.GetValue(photos)!,
                SecondsPerMeasurement = parse.GetValue(seconds),
                Architecture = EnumOption.Parse<ModelArchitecture>(parse.GetValue(architecture)!),
                InputSize = parse.GetValue(o.ImageSize),
            };
            console.Stage(InferenceBenchmark.Run(options, parse.InvocationConfiguration.Error ?? Console.Error));
            return Task.CompletedTask;
        }));
        bench.Subcommands.Add(benchInference);

        foreach (var command in new[] { download, eda, train, evaluate, export, teach, bench })
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    private static void Add(Command command, params Option[] options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    private static void Summarise(ConsoleObserver console, PipelineResult result) =>
        console.Stage($"Done: validation accuracy {result.ValidationAccuracy:P2}" +
            (result.TestAccuracy is double test ? $", test accuracy {test:P2}" : "") +
            $", {result.WallSeconds:F0} s on {result.Device}. Outputs: {result.RunFolder}");

    private static void SummariseTeach(ConsoleObserver console, TeachResult result) =>
        console.Stage($"Done: {result.Steps} steps in {result.TeachSeconds:F1} s ({result.WallSeconds:F0} s in all) on {result.Device}; photos " +
            string.Join(", ", result.PhotosPerLabel.Select(p => $"{p.Key} {p.Value}")) + $" ({result.SkippedPhotos} skipped); " +
            $"TFDS test {result.TestAccuracyBefore:P2} → {result.TestAccuracyAfter:P2}" +
            (result.RealPhotoAccuracy is double real ? $"; real-photo accuracy {real:P2}" : "") +
            $". Model version {result.Version} (parent {result.ParentVersion}). Outputs: {result.RunFolder}");

    /// <summary>Runs an action with console progress; a bad input becomes one clear error line and exit code 1.</summary>
    private static async Task<int> Run(ParseResult parse, Func<ConsoleObserver, Task> action)
    {
        var console = new ConsoleObserver(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        try
        {
            await console.RunAsync(() => action(console));
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or InvalidOperationException
                                       or UnauthorizedAccessException or HttpRequestException or InvalidImageException
                                       or RpsVision.Core.Inference.InvalidModelException or TrainingDivergedException)
        {
            console.Error(e.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            console.Error("Cancelled; a training run resumes with --resume from its last complete epoch (a teach leaves latest where it was).");
            return 130;
        }
    }
}
