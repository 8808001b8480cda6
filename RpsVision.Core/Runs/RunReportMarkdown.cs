using System.Globalization;
using System.Text;
using RpsVision.Core.Data;
using RpsVision.Core.Training;

namespace RpsVision.Core.Runs;

/// <summary>A run's report.md: the summary table, the charts, per-class results and what was misclassified.</summary>
internal static class RunReportMarkdown
{
    private static string Segments(RunReport run) => run.ResumedAfterEpoch == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
        $" (this job, resumed after epoch {run.ResumedAfterEpoch}; training time over all segments {run.Fit.History.Sum(m => m.Seconds):F1} s)");

    public static string Write(RunReport run, double wallSeconds)
    {
        var md = new StringBuilder();
        var o = run.Trainer.Options;
        md.AppendLine(CultureInfo.InvariantCulture, $"# RpsVision training run {Path.GetFileName(run.Folder)}");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        if (run.Test is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| test accuracy | **{run.Test.Accuracy:P2}** ({run.Test.Labels.Count} images) |");
        }
        if (run.RealPhotos is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| real-photo accuracy | **{run.RealPhotos.Accuracy:P2}** ({run.RealPhotos.Predictions.Count} photos of `{run.RealPhotos.FolderName}`) |");
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"| validation accuracy | {run.ValidationAccuracy:P2} ({run.Validation.Labels.Count} images, {run.Split.Strategy} split) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| kept weights | epoch {run.Fit.SelectedEpoch} ({o.Selection}); best validation: epoch {run.Fit.BestValidationEpoch}, {run.Fit.BestValidationAccuracy:P2} |");
        if (run.Export is not null)
        {
            md.AppendLine(RunExports.ReportRow(RunFiles.Model, run.SelectedCheckpoint, run.Export));
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"| device | {TorchRuntime.DeviceName(run.Trainer.Device)}, {TorchRuntime.ResolveThreads(o.Threads)} threads, wall time {wallSeconds:F1} s{Segments(run)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| model | {ClassifierNetworks.Describe(o, run.Trainer.Model)}, input {run.Trainer.Preprocessing.InputSize}x{run.Trainer.Preprocessing.InputSize} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| training | {o.Epochs} epochs, batch {o.BatchSize}, AdamW lr {o.LearningRate} (warm-up {o.WarmupEpochs}, cosine), weight decay {o.WeightDecay}, label smoothing {o.LabelSmoothing}, seed {o.Seed} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| augmentation | {AugmentationDescription.Describe(o.Augmentation)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| data | train digest `{run.Split.Catalogue.TrainDigest[..16]}…`, test digest `{run.Split.Catalogue.TestDigest[..16]}…` |");
        if (run.Split.Extra is { } extra)
        {
            string perClass = string.Join(", ", RpsLabels.Names.Select((name, label) =>
                $"{name} {run.Split.ExtraTrain.Count(i => i.Label == label)} train + {run.Split.ExtraValidation.Count(i => i.Label == label)} validation"));
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| extra data | `{extra.Name}`: {perClass}; each training image used {run.ExtraCopies}x per epoch (share {run.ExtraShare:P0}); {extra.Skipped.Count} skipped; digest `{extra.Digest[..16]}…` |");
        }
        md.AppendLine();
        md.AppendLine("## Curves").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![loss]({RunFiles.LossChart})").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![accuracy]({RunFiles.AccuracyChart})").AppendLine();
        md.AppendLine("## Confusion matrix").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![confusion matrix]({RunFiles.ConfusionChart})").AppendLine();
        var shown = run.Test ?? run.Validation;
        double[] precision = shown.Precision(), recall = shown.Recall();
        md.AppendLine("| class | precision | recall |").AppendLine("|---|---|---|");
        for (int c = 0; c < shown.Classes; c++)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {RpsLabels.NameOf(c)} | {precision[c]:P1} | {recall[c]:P1} |");
        }
        md.AppendLine();
        if (run.Test is not null)
        {
            md.AppendLine("## Misclassified test images").AppendLine();
            md.AppendLine(run.Test.Misclassified().Count == 0
                ? $"None: all {run.Test.Labels.Count} test images are classified correctly."
                : $"![misclassified]({RunFiles.Misclassified})").AppendLine();
        }
        if (run.RealPhotos is not null)
        {
            md.Append(PhotoReport.Markdown(run.RealPhotos, RunFiles.RealPhotosMisclassified));
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"Files: [{RunFiles.Metrics}]({RunFiles.Metrics}), [{RunFiles.Config}]({RunFiles.Config}), " +
            $"[{RunFiles.ManifestCsv}]({RunFiles.ManifestCsv}), [{TrainingCheckpoint.LastFileName}]({TrainingCheckpoint.LastFileName}).");
        return md.ToString();
    }
}
