using RpsVision.Core.Data;
using RpsVision.Core.Export;
using RpsVision.Core.Inference;
using RpsVision.Core.Training;

namespace RpsVision.Core.Runs;

/// <summary>
/// A finished run's results, and the writing of its report files: metrics.json (<see cref="RunMetricsJson"/>), the
/// charts, the misclassified grids and report.md (<see cref="RunReportMarkdown"/>).
/// </summary>
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
    internal string SelectedCheckpoint =>
        Fit.SelectedEpoch != Fit.History.Count && Fit.SelectedEpoch == Fit.BestValidationEpoch
            ? TrainingCheckpoint.BestFileName
            : TrainingCheckpoint.LastFileName;

    public void Write(double wallSeconds)
    {
        File.WriteAllText(Path.Combine(Folder, RunFiles.Metrics), RunMetricsJson.Serialize(this, wallSeconds));
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
        File.WriteAllText(Path.Combine(Folder, RunFiles.Report), RunReportMarkdown.Write(this, wallSeconds));
    }

    /// <summary>Validation accuracy; NaN when the split left no validation images.</summary>
    internal double ValidationAccuracy => Validation.Labels.Count == 0 ? double.NaN : Validation.Accuracy;
}
