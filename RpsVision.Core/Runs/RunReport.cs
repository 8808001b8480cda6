using System.Globalization;
using System.Text;
using System.Text.Json;
using RpsVision.Core.Data;
using RpsVision.Core.Export;
using RpsVision.Core.Training;
using RpsVision.Core.Inference;
using RpsVision.Core.Modeling;
using static TorchSharp.torch;

namespace RpsVision.Core.Runs;

/// <summary>Writes a run's metrics.json, charts, misclassified grid and report.md.</summary>
internal sealed record RunReport(string Folder, DatasetSplit Split, Trainer Trainer, TrainingResult Fit, EvaluationResult Validation)
{
    public EvaluationResult? Test { get; init; }

    public ImageTensorSet? TestImages { get; init; }

    public OnnxExportResult? Export { get; init; }

    public PhotoEvaluation? RealPhotos { get; init; }

    /// <summary>How many times each extra training image is used per epoch.</summary>
    public int ExtraCopies { get; init; }

    public double ExtraShare { get; init; }

    /// <summary>The epochs done before this job resumed the run (0: not resumed).</summary>
    public int ResumedAfterEpoch { get; init; }

    /// <summary>The checkpoint holding the kept weights, i.e. the one the run's model.onnx is exported from.</summary>
    private string SelectedCheckpoint =>
        Fit.SelectedEpoch != Fit.History.Count && Fit.SelectedEpoch == Fit.BestValidationEpoch
            ? TrainingCheckpoint.BestFileName
            : TrainingCheckpoint.LastFileName;

    public void Write(double wallSeconds)
    {
        File.WriteAllText(Path.Combine(Folder, RunFiles.Metrics), JsonSerializer.Serialize(Metrics(wallSeconds), MetricsJson) + "\n");
        File.WriteAllBytes(Path.Combine(Folder, RunFiles.LossChart), ReportCharts.Loss(Fit.History));
        File.WriteAllBytes(Path.Combine(Folder, RunFiles.AccuracyChart), ReportCharts.Accuracy(Fit.History));
        var (shown, name) = Test is null ? (Validation, "validation") : (Test, "test");
        File.WriteAllBytes(Path.Combine(Folder, RunFiles.ConfusionChart),
            ReportCharts.Confusion(shown.ConfusionMatrix(), RpsLabels.Names, $"Confusion matrix ({name}, {shown.Accuracy:P1})"));
        if (Test is not null && TestImages is not null)
        {
            var wrong = Test.Misclassified().Select(i => (TestImages.RgbBytes(i), TestImages.ImageSize,
                $"{RpsLabels.NameOf(Test.Labels[i])} → {RpsLabels.NameOf(Test.Predictions[i])}")).ToArray();
            string grid = Path.Combine(Folder, RunFiles.Misclassified);
            if (wrong.Length > 0)
            {
                File.WriteAllBytes(grid, MisclassifiedGrid.Render(wrong, $"Misclassified test images ({wrong.Length} of {Test.Labels.Count}): true → predicted"));
            }
            else
            {
                // Nothing to show: the report says "none" instead of linking a blank image (and a resumed run drops the old one).
                File.Delete(grid);
            }
        }
        if (RealPhotos is not null)
        {
            File.WriteAllBytes(Path.Combine(Folder, RunFiles.RealPhotosMisclassified), PhotoReport.Grid(RealPhotos, Trainer.Preprocessing));
        }
        File.WriteAllText(Path.Combine(Folder, RunFiles.Report), Markdown(wallSeconds));
    }

    internal static readonly JsonSerializerOptions MetricsJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    private double ValidationAccuracy => Validation.Labels.Count == 0 ? double.NaN : Validation.Accuracy;

    private Dictionary<string, object?> Metrics(double wallSeconds) => new()
    {
        ["test_accuracy"] = Finite(Test?.Accuracy),
        ["validation_accuracy"] = Finite(ValidationAccuracy),
        ["onnx_max_abs_diff"] = Export?.MaxAbsDiff,
        ["real_photo_accuracy"] = Finite(RealPhotos?.Accuracy),
        // A resumed run is trained in segments (one per job); the wall time is this job's, the training time every segment's.
        ["segment_wall_seconds"] = wallSeconds,
        ["training_seconds_all_segments"] = Fit.History.Sum(m => m.Seconds),
        ["resumed_after_epoch"] = ResumedAfterEpoch > 0 ? ResumedAfterEpoch : null,
        ["device"] = TorchRuntime.DeviceName(Trainer.Device),
        ["seed"] = Trainer.Options.Seed,
        ["threads"] = TorchRuntime.ResolveThreads(Trainer.Options.Threads),
        ["input_size"] = Trainer.Preprocessing.InputSize,
        ["parameters"] = Trainer.Model.ParameterCount(),
        ["selection"] = Trainer.Options.Selection.ToString(),
        ["selected_epoch"] = Fit.SelectedEpoch,
        ["best_validation_epoch"] = Fit.BestValidationEpoch,
        ["best_validation_accuracy"] = Finite(Fit.BestValidationAccuracy),
        ["mean_images_per_second"] = Fit.History.Count == 0 ? null : Fit.History.Average(m => m.ImagesPerSecond),
        ["data"] = new Dictionary<string, object?>
        {
            ["root"] = Split.Catalogue.Root,
            ["train_digest"] = Split.Catalogue.TrainDigest,
            ["test_digest"] = Split.Catalogue.TestDigest,
            ["split_strategy"] = Split.Strategy.ToString(),
            ["split_seed"] = Split.Seed,
            ["train_images"] = Split.Train.Count,
            ["validation_images"] = Split.Validation.Count,
            ["test_images"] = Split.Test.Count,
            ["extra"] = ExtraMetrics(),
        },
        ["exports"] = Export is null ? null : new Dictionary<string, object?> { [RunFiles.Model] = RunExports.Entry(SelectedCheckpoint, Export) },
        ["validation"] = Summary(Validation),
        ["test"] = Test is null ? null : Summary(Test, TestImages?.Sources),
        ["real_photos"] = RealPhotos is null ? null : PhotoReport.Metrics(RealPhotos),
        ["epochs"] = Fit.History.Select(m => new Dictionary<string, object?>
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

    private Dictionary<string, object?>? ExtraMetrics() => Split.Extra is not { } extra ? null : new Dictionary<string, object?>
    {
        ["folder"] = extra.Name,
        ["path"] = extra.Root,
        ["digest"] = extra.Digest,
        ["train_images"] = Split.ExtraTrain.Count,
        ["validation_images"] = Split.ExtraValidation.Count,
        ["per_class"] = RpsLabels.Names.Select((name, label) => (name, label)).ToDictionary(x => x.name, x => new Dictionary<string, int>
        {
            ["train"] = Split.ExtraTrain.Count(i => i.Label == x.label),
            ["validation"] = Split.ExtraValidation.Count(i => i.Label == x.label),
        }),
        ["share"] = ExtraShare,
        ["copies_per_epoch"] = ExtraCopies,
        ["skipped"] = extra.Skipped.Count,
        ["skipped_files"] = extra.Skipped.Select(s => new Dictionary<string, string> { ["file"] = s.RelativePath, ["reason"] = s.Reason }).ToArray(),
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
            ["misclassified"] = sources is null || sources.Count != result.Labels.Count ? null : result.Misclassified().Select(i =>
                new Dictionary<string, object?>
                {
                    ["file"] = sources[i],
                    ["true"] = RpsLabels.NameOf(result.Labels[i]),
                    ["predicted"] = RpsLabels.NameOf(result.Predictions[i]),
                }).ToArray(),
        };
    }

    private static double? Finite(double? value) => value is double v && double.IsFinite(v) ? v : null;

    private string Segments() => ResumedAfterEpoch == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
        $" (this job, resumed after epoch {ResumedAfterEpoch}; training time over all segments {Fit.History.Sum(m => m.Seconds):F1} s)");

    private string Markdown(double wallSeconds)
    {
        var md = new StringBuilder();
        var o = Trainer.Options;
        md.AppendLine(CultureInfo.InvariantCulture, $"# RpsVision training run {Path.GetFileName(Folder)}");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        if (Test is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| test accuracy | **{Test.Accuracy:P2}** ({Test.Labels.Count} images) |");
        }
        if (RealPhotos is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| real-photo accuracy | **{RealPhotos.Accuracy:P2}** ({RealPhotos.Predictions.Count} photos of `{RealPhotos.FolderName}`) |");
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"| validation accuracy | {ValidationAccuracy:P2} ({Validation.Labels.Count} images, {Split.Strategy} split) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| kept weights | epoch {Fit.SelectedEpoch} ({o.Selection}); best validation: epoch {Fit.BestValidationEpoch}, {Fit.BestValidationAccuracy:P2} |");
        if (Export is not null)
        {
            md.AppendLine(RunExports.ReportRow(RunFiles.Model, SelectedCheckpoint, Export));
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"| device | {TorchRuntime.DeviceName(Trainer.Device)}, {TorchRuntime.ResolveThreads(o.Threads)} threads, wall time {wallSeconds:F1} s{Segments()} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| model | {ClassifierNetworks.Describe(o, Trainer.Model)}, input {Trainer.Preprocessing.InputSize}x{Trainer.Preprocessing.InputSize} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| training | {o.Epochs} epochs, batch {o.BatchSize}, AdamW lr {o.LearningRate} (warm-up {o.WarmupEpochs}, cosine), weight decay {o.WeightDecay}, label smoothing {o.LabelSmoothing}, seed {o.Seed} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| augmentation | {AugmentationDescription.Describe(o.Augmentation)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| data | train digest `{Split.Catalogue.TrainDigest[..16]}…`, test digest `{Split.Catalogue.TestDigest[..16]}…` |");
        if (Split.Extra is { } extra)
        {
            string perClass = string.Join(", ", RpsLabels.Names.Select((name, label) =>
                $"{name} {Split.ExtraTrain.Count(i => i.Label == label)} train + {Split.ExtraValidation.Count(i => i.Label == label)} validation"));
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| extra data | `{extra.Name}`: {perClass}; each training image used {ExtraCopies}x per epoch (share {ExtraShare:P0}); {extra.Skipped.Count} skipped; digest `{extra.Digest[..16]}…` |");
        }
        md.AppendLine();
        md.AppendLine("## Curves").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![loss]({RunFiles.LossChart})").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![accuracy]({RunFiles.AccuracyChart})").AppendLine();
        md.AppendLine("## Confusion matrix").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![confusion matrix]({RunFiles.ConfusionChart})").AppendLine();
        var shown = Test ?? Validation;
        double[] precision = shown.Precision(), recall = shown.Recall();
        md.AppendLine("| class | precision | recall |").AppendLine("|---|---|---|");
        for (int c = 0; c < shown.Classes; c++)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {RpsLabels.NameOf(c)} | {precision[c]:P1} | {recall[c]:P1} |");
        }
        md.AppendLine();
        if (Test is not null)
        {
            md.AppendLine("## Misclassified test images").AppendLine();
            md.AppendLine(Test.Misclassified().Count == 0
                ? $"None: all {Test.Labels.Count} test images are classified correctly."
                : $"![misclassified]({RunFiles.Misclassified})").AppendLine();
        }
        if (RealPhotos is not null)
        {
            md.Append(PhotoReport.Markdown(RealPhotos, RunFiles.RealPhotosMisclassified));
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"Files: [{RunFiles.Metrics}]({RunFiles.Metrics}), [{RunFiles.Config}]({RunFiles.Config}), " +
            $"[{RunFiles.ManifestCsv}]({RunFiles.ManifestCsv}), [{TrainingCheckpoint.LastFileName}]({TrainingCheckpoint.LastFileName}).");
        return md.ToString();
    }
}
