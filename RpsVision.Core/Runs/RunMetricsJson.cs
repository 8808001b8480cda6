using System.Text.Json;
using RpsVision.Core.Data;
using RpsVision.Core.Training;

namespace RpsVision.Core.Runs;

/// <summary>A run's metrics.json: the scores, the run's settings, per-epoch curves and per-class results.</summary>
internal static class RunMetricsJson
{
    /// <summary>How metrics.json files are written (snake_case names, indented); the real-photo reports use it too.</summary>
    internal static readonly JsonSerializerOptions SerializerOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    /// <summary>The text of metrics.json for <paramref name="run"/>, whose job took <paramref name="wallSeconds"/>.</summary>
    public static string Serialize(RunReport run, double wallSeconds) =>
        JsonSerializer.Serialize(Metrics(run, wallSeconds), SerializerOptions) + "\n";

    private static Dictionary<string, object?> Metrics(RunReport run, double wallSeconds) => new()
    {
        ["test_accuracy"] = Finite(run.Test?.Accuracy),
        ["validation_accuracy"] = Finite(run.ValidationAccuracy),
        ["onnx_max_abs_diff"] = run.Export?.MaxAbsDiff,
        ["real_photo_accuracy"] = Finite(run.RealPhotos?.Accuracy),
        // A resumed run is trained in segments (one per job); the wall time is this job's, the training time every segment's.
        ["segment_wall_seconds"] = wallSeconds,
        ["training_seconds_all_segments"] = run.Fit.History.Sum(m => m.Seconds),
        ["resumed_after_epoch"] = run.ResumedAfterEpoch > 0 ? run.ResumedAfterEpoch : null,
        ["device"] = TorchRuntime.DeviceName(run.Trainer.Device),
        ["seed"] = run.Trainer.Options.Seed,
        ["threads"] = TorchRuntime.ResolveThreads(run.Trainer.Options.Threads),
        ["input_size"] = run.Trainer.Preprocessing.InputSize,
        ["parameters"] = run.Trainer.Model.ParameterCount(),
        ["selection"] = run.Trainer.Options.Selection.ToString(),
        ["selected_epoch"] = run.Fit.SelectedEpoch,
        ["best_validation_epoch"] = run.Fit.BestValidationEpoch,
        ["best_validation_accuracy"] = Finite(run.Fit.BestValidationAccuracy),
        ["mean_images_per_second"] = run.Fit.History.Count == 0 ? null : run.Fit.History.Average(m => m.ImagesPerSecond),
        ["data"] = new Dictionary<string, object?>
        {
            ["root"] = run.Split.Catalogue.Root,
            ["train_digest"] = run.Split.Catalogue.TrainDigest,
            ["test_digest"] = run.Split.Catalogue.TestDigest,
            ["split_strategy"] = run.Split.Strategy.ToString(),
            ["split_seed"] = run.Split.Seed,
            ["train_images"] = run.Split.Train.Count,
            ["validation_images"] = run.Split.Validation.Count,
            ["test_images"] = run.Split.Test.Count,
            ["extra"] = ExtraMetrics(run),
        },
        ["exports"] = run.Export is null ? null : new Dictionary<string, object?> { [RunFiles.Model] = RunExports.Entry(run.SelectedCheckpoint, run.Export) },
        ["validation"] = Summary(run.Validation),
        ["test"] = run.Test is null ? null : Summary(run.Test, run.TestImages?.Sources),
        ["real_photos"] = run.RealPhotos is null ? null : PhotoReport.Metrics(run.RealPhotos),
        ["epochs"] = run.Fit.History.Select(m => new Dictionary<string, object?>
        {
            ["epoch"] = m.Epoch,
            ["train_loss"] = Finite(m.TrainLoss),
            ["train_accuracy"] = Finite(m.TrainAccuracy),
            ["validation_loss"] = Finite(m.ValidationLoss),
            ["validation_accuracy"] = Finite(m.ValidationAccuracy),
            ["learning_rate"] = m.LearningRate,
            ["seconds"] = m.Seconds,
            ["images_per_second"] = m.ImagesPerSecond,
        }).ToArray(),
    };

    private static Dictionary<string, object?>? ExtraMetrics(RunReport run) => run.Split.Extra is not { } extra ? null : new Dictionary<string, object?>
    {
        ["folder"] = extra.Name,
        ["path"] = extra.Root,
        ["digest"] = extra.Digest,
        ["train_images"] = run.Split.ExtraTrain.Count,
        ["validation_images"] = run.Split.ExtraValidation.Count,
        ["per_class"] = RpsLabels.Names.Select((name, label) => (name, label)).ToDictionary(x => x.name, x => new Dictionary<string, int>
        {
            ["train"] = run.Split.ExtraTrain.Count(i => i.Label == x.label),
            ["validation"] = run.Split.ExtraValidation.Count(i => i.Label == x.label),
        }),
        ["share"] = run.ExtraShare,
        ["copies_per_epoch"] = run.ExtraCopies,
        ["skipped"] = extra.Skipped.Count,
        ["skipped_files"] = SkippedFiles(extra.Skipped),
    };

    private static Dictionary<string, object?> Summary(EvaluationResult result, IReadOnlyList<string>? sources = null)
    {
        double[] precision = result.Precision(), recall = result.Recall();
        int[][] matrix = result.ConfusionMatrix();
        return new Dictionary<string, object?>
        {
            ["accuracy"] = Finite(result.Accuracy),
            ["loss"] = Finite(result.Loss),
            ["images"] = result.Labels.Count,
            ["per_class"] = Enumerable.Range(0, result.Classes).ToDictionary(
                c => RpsLabels.NameOf(c),
                c => new Dictionary<string, object?> { ["precision"] = Finite(precision[c]), ["recall"] = Finite(recall[c]), ["support"] = matrix[c].Sum() }),
            ["confusion_matrix"] = matrix,
            // Which files were wrong, so a person can look at them (the grid in misclassified.png shows them too).
            ["misclassified"] = sources is null || sources.Count != result.Labels.Count ? null : Misclassified(result, sources),
        };
    }

    /// <summary>Each misclassified image of <paramref name="result"/>: its file (from <paramref name="sources"/>), true and predicted label.</summary>
    internal static Dictionary<string, object?>[] Misclassified(EvaluationResult result, IReadOnlyList<string> sources) =>
        result.Misclassified().Select(i => new Dictionary<string, object?>
        {
            ["file"] = sources[i],
            ["true"] = RpsLabels.NameOf(result.Labels[i]),
            ["predicted"] = RpsLabels.NameOf(result.Predictions[i]),
        }).ToArray();

    /// <summary>The files a folder's reading skipped, with the reason for each.</summary>
    internal static Dictionary<string, string>[] SkippedFiles(IEnumerable<SkippedFile> skipped) =>
        skipped.Select(s => new Dictionary<string, string> { ["file"] = s.RelativePath, ["reason"] = s.Reason }).ToArray();

    /// <summary>A score as JSON writes it: null where it is not a number (no images, no class).</summary>
    internal static double? Finite(double? value) => value is double v && double.IsFinite(v) ? v : null;
}
