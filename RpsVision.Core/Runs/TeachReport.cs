using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RpsVision.Core.Data;
using RpsVision.Core.Export;
using RpsVision.Core.Inference;
using RpsVision.Core.Training;

namespace RpsVision.Core.Runs;

/// <summary>
/// Writes a taught run's <c>config.json</c>, <c>metrics.json</c>, charts and <c>report.md</c>, each recording the parent,
/// and copies the parent's split manifest (the renders were drawn from its training split).
/// </summary>
internal sealed record TeachReport(string Folder, ParentRun Parent, TeachPipelineOptions Options, Trainer Trainer, LabeledImageFolder Photos,
    int Renders, IReadOnlyList<TeachStep> Steps, double Before, EvaluationResult After, ImageTensorSet TestImages, DatasetCatalogue Catalogue,
    OnnxExportResult Export, PhotoEvaluation? RealPhotos)
{
    public void Write(double wallSeconds)
    {
        WriteConfig();
        foreach (string manifest in new[] { RunFiles.ManifestCsv, RunFiles.ManifestJson })
        {
            string source = Path.Combine(Parent.Folder, manifest);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(Folder, manifest));
            }
        }
        File.WriteAllText(Path.Combine(Folder, RunFiles.Metrics), JsonSerializer.Serialize(Metrics(wallSeconds), RunMetricsJson.SerializerOptions) + "\n");
        File.WriteAllBytes(Path.Combine(Folder, RunFiles.ConfusionChart),
            ReportCharts.Confusion(After.ConfusionMatrix(), RpsLabels.Names, $"Confusion matrix (test, {After.Accuracy:P1})"));
        if (RealPhotos is not null)
        {
            File.WriteAllBytes(Path.Combine(Folder, RunFiles.RealPhotosMisclassified), PhotoReport.Grid(RealPhotos, Trainer.Preprocessing));
        }
        File.WriteAllText(Path.Combine(Folder, RunFiles.Report), Markdown(wallSeconds));
    }

    private Dictionary<string, string> ParentEntry() => new() { ["run"] = Parent.Folder, ["version"] = Parent.Version };

    /// <summary>The parent's configuration (so evaluate and export find the data), with the parent and the teach added.</summary>
    private void WriteConfig()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Parent.Folder, RunFiles.Config))) as JsonObject ?? [];
        config["parent"] = JsonSerializer.SerializeToNode(ParentEntry());
        config["teach"] = new JsonObject
        {
            ["photos_dir"] = Photos.Root,
            ["photos_digest"] = Photos.Digest,
            ["options"] = JsonSerializer.SerializeToNode(Options.Teach, TrainingCheckpoint.Json),
        };
        config["output_dir"] = Path.GetFullPath(Options.OutputDir);
        config["real_photos_dir"] = Options.RealPhotosDir;
        File.WriteAllText(Path.Combine(Folder, RunFiles.Config), config.ToJsonString(TrainingCheckpoint.Json) + "\n");
    }

    private Dictionary<string, object?> Metrics(double wallSeconds) => new()
    {
        ["test_accuracy"] = RunMetricsJson.Finite(After.Accuracy),
        ["parent_test_accuracy"] = RunMetricsJson.Finite(Before),
        ["onnx_max_abs_diff"] = Export.MaxAbsDiff,
        ["real_photo_accuracy"] = RunMetricsJson.Finite(RealPhotos?.Accuracy),
        ["wall_seconds"] = wallSeconds,
        ["teach_seconds"] = Steps.Count == 0 ? 0 : Steps[^1].Seconds,
        ["device"] = TorchRuntime.DeviceName(Trainer.Device),
        ["threads"] = TorchRuntime.ResolveThreads(Trainer.Options.Threads),
        ["input_size"] = Trainer.Preprocessing.InputSize,
        ["parent"] = ParentEntry(),
        ["data"] = new Dictionary<string, object?>
        {
            ["root"] = Catalogue.Root,
            ["train_digest"] = Catalogue.TrainDigest,
            ["test_digest"] = Catalogue.TestDigest,
            ["test_images"] = Catalogue.Test.Count,
        },
        ["teach"] = new Dictionary<string, object?>
        {
            ["steps"] = Options.Teach.Steps,
            ["seed"] = Options.Teach.Seed,
            ["photos_per_batch"] = Options.Teach.PhotosPerBatch,
            ["renders_per_batch"] = Options.Teach.RendersPerBatch,
            ["head_learning_rate"] = Options.Teach.HeadLearningRate,
            ["backbone_learning_rate"] = Options.Teach.BackboneLearningRate,
            ["renders_drawn_from"] = Renders,
            ["photos"] = new Dictionary<string, object?>
            {
                ["folder"] = Photos.Name,
                ["path"] = Photos.Root,
                ["digest"] = Photos.Digest,
                ["images"] = Photos.Images.Count,
                ["per_class"] = RpsLabels.Names.Select((name, label) => (name, label)).ToDictionary(x => x.name, x => Photos.CountPerLabel()[x.label]),
                ["files"] = Photos.Images.Select(i => i.RelativePath).ToArray(),
                ["skipped"] = Photos.Skipped.Count,
                ["skipped_files"] = RunMetricsJson.SkippedFiles(Photos.Skipped),
            },
        },
        ["exports"] = new Dictionary<string, object?> { [RunFiles.Model] = RunExports.Entry(TrainingCheckpoint.LastFileName, Export) },
        ["test"] = new Dictionary<string, object?>
        {
            ["accuracy"] = RunMetricsJson.Finite(After.Accuracy),
            ["loss"] = RunMetricsJson.Finite(After.Loss),
            ["images"] = After.Labels.Count,
            ["parent_accuracy"] = RunMetricsJson.Finite(Before),
            ["confusion_matrix"] = After.ConfusionMatrix(),
            ["misclassified"] = RunMetricsJson.Misclassified(After, TestImages.Sources),
        },
        ["real_photos"] = RealPhotos is null ? null : PhotoReport.Metrics(RealPhotos),
        ["steps"] = Steps.Select(s => new Dictionary<string, object?>
        {
            ["step"] = s.Step,
            ["train_loss"] = RunMetricsJson.Finite(s.Loss),
            ["train_accuracy"] = RunMetricsJson.Finite(s.Accuracy),
            ["learning_rate"] = s.LearningRate,
            ["seconds"] = s.Seconds,
        }).ToArray(),
    };

    private string Markdown(double wallSeconds)
    {
        var md = new StringBuilder();
        var t = Options.Teach;
        md.AppendLine(CultureInfo.InvariantCulture, $"# RpsVision taught run {Path.GetFileName(Folder)}").AppendLine();
        md.AppendLine("| | |").AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| parent | `{Parent.Folder}` (model version {Parent.Version}) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| test accuracy | **{After.Accuracy:P2}** (parent {Before:P2}; {After.Labels.Count} images) |");
        if (RealPhotos is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| real-photo accuracy | **{RealPhotos.Accuracy:P2}** ({RealPhotos.Predictions.Count} photos of `{RealPhotos.FolderName}`) |");
        }
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| photos taught | `{Photos.Name}`: {TrainingPipeline.PerLabel(Photos)}; {Photos.Skipped.Count} skipped; digest `{Photos.Digest[..16]}…` |");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| teach | {t.Steps} AdamW steps of {t.PhotosPerBatch} photos (augmented, no compositing) + {t.RendersPerBatch} renders (the parent's augmentation, drawn from {Renders}); " +
            $"lr head {t.HeadLearningRate}, backbone {t.BackboneLearningRate} (ResNet18), cosine to 0; seed {t.Seed} |");
        md.AppendLine(RunExports.ReportRow(RunFiles.Model, TrainingCheckpoint.LastFileName, Export));
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| device | {TorchRuntime.DeviceName(Trainer.Device)}, {TorchRuntime.ResolveThreads(Trainer.Options.Threads)} threads, wall time {wallSeconds:F1} s (steps {(Steps.Count == 0 ? 0 : Steps[^1].Seconds):F1} s) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| model | {ClassifierNetworks.Describe(Trainer.Options, Trainer.Model)}, input {Trainer.Preprocessing.InputSize}x{Trainer.Preprocessing.InputSize} |");
        md.AppendLine();
        md.AppendLine("## Confusion matrix (test)").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![confusion matrix]({RunFiles.ConfusionChart})").AppendLine();
        if (RealPhotos is not null)
        {
            md.Append(PhotoReport.Markdown(RealPhotos, RunFiles.RealPhotosMisclassified));
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"Files: [{RunFiles.Metrics}]({RunFiles.Metrics}), [{RunFiles.Config}]({RunFiles.Config}), " +
            $"[{TrainingCheckpoint.LastFileName}]({TrainingCheckpoint.LastFileName}).");
        return md.ToString();
    }
}
