using System.Text.Json;
using RpsVision.Core.Training;

namespace RpsVision.Core.Runs;

/// <summary>The names of the files in a run folder, and the resolved configuration file.</summary>
public static class RunFiles
{
    /// <summary>The ONNX model.</summary>
    public const string Model = "model.onnx";

    /// <summary>Curves, final accuracies, per-class precision/recall, confusion matrices, digests.</summary>
    public const string Metrics = "metrics.json";

    /// <summary>The resolved configuration of the run.</summary>
    public const string Config = "config.json";

    /// <summary>The split manifest (file → split, label, hand) as CSV.</summary>
    public const string ManifestCsv = "split.csv";

    /// <summary>The split manifest as JSON, with the split settings and the data set digests.</summary>
    public const string ManifestJson = "split.json";

    /// <summary>The human report, linking the charts.</summary>
    public const string Report = "report.md";

    /// <summary>Training and validation loss per epoch.</summary>
    public const string LossChart = "loss.png";

    /// <summary>Training and validation accuracy (and learning rate) per epoch.</summary>
    public const string AccuracyChart = "accuracy.png";

    /// <summary>Confusion matrix on test (on validation when the run did not evaluate on test).</summary>
    public const string ConfusionChart = "confusion.png";

    /// <summary>Grid of the misclassified test images.</summary>
    public const string Misclassified = "misclassified.png";

    /// <summary>Grid of the misclassified real photos (with <c>--real-photos</c>).</summary>
    public const string RealPhotosMisclassified = "real-photos-misclassified.png";

    internal static void WriteConfig(string folder, PipelineOptions options, Trainer trainer)
    {
        var config = new
        {
            Data = new { options.Data.DataDir, options.Data.AllowDownload, options.Data.TrainImagesPerClass, options.Data.TestImagesPerClass },
            options.Split,
            Training = trainer.Options,
            trainer.Preprocessing,
            options.OutputDir,
            options.ImageSize,
            options.MaxAutoImageSize,
            options.Resume,
            options.RealPhotosDir,
            options.ExtraDataDir,
            options.ExtraDataShare,
        };
        File.WriteAllText(Path.Combine(folder, Config), JsonSerializer.Serialize(config, TrainingCheckpoint.Json) + "\n");
    }
}
