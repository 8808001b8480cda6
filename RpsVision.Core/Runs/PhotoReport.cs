using System.Globalization;
using System.Text;
using RpsVision.Core.Inference;
using RpsVision.Core.Preprocessing;

namespace RpsVision.Core.Runs;

/// <summary>
/// A real-photo evaluation as a run reports it: the <c>metrics.json</c> object, a <c>report.md</c> section and a grid
/// of the misclassified photos, each drawn as the model sees it (its eval preprocessing at its input size).
/// </summary>
internal static class PhotoReport
{
    /// <summary>Most photos drawn in the grid; the title says when there are more.</summary>
    public const int MaxGridPhotos = 96;

    public static Dictionary<string, object?> Metrics(PhotoEvaluation photos)
    {
        double[] recall = photos.Recall();
        int[] support = photos.Support();
        return new Dictionary<string, object?>
        {
            ["folder"] = photos.FolderName,
            ["path"] = photos.FolderPath,
            ["digest"] = photos.Digest,
            ["model"] = photos.ModelPath,
            ["accuracy"] = RunMetricsJson.Finite(photos.Accuracy),
            ["images"] = photos.Predictions.Count,
            ["skipped"] = photos.Skipped.Count,
            ["per_class"] = photos.Labels.Select((name, c) => (name, c)).ToDictionary(
                x => x.name, x => new Dictionary<string, object?> { ["recall"] = RunMetricsJson.Finite(recall[x.c]), ["support"] = support[x.c] }),
            ["confusion_matrix"] = photos.ConfusionMatrix(),
            ["misclassified"] = photos.Misclassified().Select(p => new Dictionary<string, object?>
            {
                ["file"] = p.RelativePath,
                ["true"] = photos.Labels[p.Label],
                ["predicted"] = photos.Labels[p.Predicted],
                ["confidence"] = p.Confidence,
            }).ToArray(),
            ["skipped_files"] = RunMetricsJson.SkippedFiles(photos.Skipped),
        };
    }

    /// <summary>The report section, from its heading; <paramref name="gridFile"/> is the grid's file name beside the report.</summary>
    public static string Markdown(PhotoEvaluation photos, string gridFile)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Real photos: `{photos.FolderName}`").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Accuracy **{photos.Accuracy:P1}** on {photos.Predictions.Count} photos through the exported model (`{Path.GetFileName(photos.ModelPath)}`) " +
            $"and the serving preprocessing; {photos.Skipped.Count} file(s) skipped; folder digest `{photos.Digest[..16]}…`.").AppendLine();
        double[] recall = photos.Recall();
        int[][] matrix = photos.ConfusionMatrix();
        md.AppendLine($"| true \\ predicted | {string.Join(" | ", photos.Labels)} | recall |");
        md.AppendLine($"|---|{string.Concat(photos.Labels.Select(_ => "---|"))}---|");
        for (int c = 0; c < photos.Labels.Count; c++)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {photos.Labels[c]} | {string.Join(" | ", matrix[c])} | {recall[c]:P1} |");
        }
        md.AppendLine();
        if (photos.Skipped.Count > 0)
        {
            md.AppendLine("Skipped files:").AppendLine();
            foreach (var skipped in photos.Skipped)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- `{skipped.RelativePath}`: {skipped.Reason}");
            }
            md.AppendLine();
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"![misclassified real photos]({gridFile})").AppendLine();
        return md.ToString();
    }

    /// <summary>The misclassified photos (at most <see cref="MaxGridPhotos"/>, taken in turn from each true label) as the model sees them, captioned true → predicted.</summary>
    public static byte[] Grid(PhotoEvaluation photos, PreprocessingOptions preprocessing)
    {
        var wrong = photos.Misclassified();
        var limits = new ImageLimits();
        // Round-robin over the true labels, so that a capped grid still shows every class's mistakes.
        var shownPhotos = wrong.GroupBy(p => p.Label).SelectMany(g => g.Select((p, i) => (Photo: p, Rank: i)))
            .OrderBy(x => x.Rank).ThenBy(x => x.Photo.Label).Select(x => x.Photo).Take(MaxGridPhotos);
        var tiles = shownPhotos.Select(p => (
            ImagePreprocessor.DecodeResized(File.ReadAllBytes(p.Path), preprocessing, limits),
            preprocessing.InputSize,
            $"{photos.Labels[p.Label]} → {photos.Labels[p.Predicted]}")).ToArray();
        string shown = wrong.Count > MaxGridPhotos ? $", first {MaxGridPhotos} shown" : "";
        return MisclassifiedGrid.Render(tiles,
            $"Misclassified real photos ({wrong.Count} of {photos.Predictions.Count}{shown}): true → predicted");
    }

    /// <summary>
    /// Writes a stand-alone report of an evaluation into <paramref name="folder"/>: <c>metrics.json</c>,
    /// <c>report.md</c> and <c>misclassified.png</c>.
    /// </summary>
    public static void WriteFolder(string folder, PhotoEvaluation photos, PreprocessingOptions preprocessing)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, RunFiles.Metrics),
            System.Text.Json.JsonSerializer.Serialize(Metrics(photos), RunMetricsJson.SerializerOptions) + "\n");
        File.WriteAllBytes(Path.Combine(folder, RunFiles.Misclassified), Grid(photos, preprocessing));
        File.WriteAllText(Path.Combine(folder, RunFiles.Report),
            $"# Real-photo evaluation of {photos.ModelPath}{Environment.NewLine}{Environment.NewLine}" + Markdown(photos, RunFiles.Misclassified));
    }

}
