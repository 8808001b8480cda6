using System.Text.Json;
using System.Text.Json.Nodes;
using RpsVision.Core.Data;
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
            // The full path, so evaluate and export find the data from any working folder.
            Data = new
            {
                DataDir = Path.GetFullPath(options.Data.DataDir),
                options.Data.AllowDownload,
                options.Data.TrainImagesPerClass,
                options.Data.TestImagesPerClass,
                DownloadBaseUrl = options.Data.Download.BaseUrl,
            },
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

    /// <summary>The data options recorded in a run folder's config.json; null when the folder has none.</summary>
    /// <exception cref="InvalidDataException">The file is not a run's configuration.</exception>
    internal static DataOptions? ReadDataOptions(string folder)
    {
        string path = Path.Combine(folder, Config);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var data = JsonNode.Parse(File.ReadAllText(path))?["data"]
                ?? throw new InvalidDataException($"'{path}' has no \"data\" section.");
            var defaults = new DataOptions();
            return new DataOptions
            {
                DataDir = data["data_dir"]?.GetValue<string>() ?? defaults.DataDir,
                AllowDownload = data["allow_download"]?.GetValue<bool>() ?? defaults.AllowDownload,
                TrainImagesPerClass = data["train_images_per_class"]?.GetValue<int>() ?? defaults.TrainImagesPerClass,
                TestImagesPerClass = data["test_images_per_class"]?.GetValue<int>() ?? defaults.TestImagesPerClass,
                Download = new DownloadOptions
                {
                    BaseUrl = data["download_base_url"]?.GetValue<string>() is { } url ? new Uri(url) : defaults.Download.BaseUrl,
                },
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or UriFormatException)
        {
            throw new InvalidDataException($"'{path}' is not a readable run configuration: {e.Message}", e);
        }
    }
}
