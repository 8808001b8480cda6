using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RpsVision.Core.Export;
using RpsVision.Core.Training;

namespace RpsVision.Core.Runs;

/// <summary>
/// Which ONNX model in a run folder came from which checkpoint, kept in the run's <c>metrics.json</c>
/// (<c>exports</c>), so an export never overwrites another checkpoint's model, and what each export measured
/// reaches the run's metrics and report.
/// </summary>
internal static class RunExports
{
    private const string ExportsKey = "exports";

    /// <summary>
    /// The model file a checkpoint exports to by default: <c>checkpoint.bin</c> → <c>model.onnx</c>,
    /// <c>checkpoint-best.bin</c> → <c>model-best.onnx</c>, any other <c>name.bin</c> → <c>name.onnx</c>.
    /// </summary>
    public static string DefaultModelFile(string checkpointPath)
    {
        string stem = Path.GetFileNameWithoutExtension(checkpointPath);
        const string prefix = "checkpoint";
        return stem.StartsWith(prefix, StringComparison.Ordinal)
            ? "model" + stem[prefix.Length..] + ".onnx"
            : stem + ".onnx";
    }

    /// <summary>Throws when <paramref name="outputPath"/> is, in the checkpoint's folder, the model of another checkpoint.</summary>
    /// <exception cref="IOException">It is.</exception>
    public static void EnsureNotAnotherCheckpointsModel(string checkpointPath, string outputPath)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!;
        if (!string.Equals(Path.GetDirectoryName(Path.GetFullPath(outputPath)), folder, StringComparison.Ordinal))
        {
            return;
        }
        string checkpoint = Path.GetFileName(checkpointPath);
        string model = Path.GetFileName(outputPath);
        // A recorded export says whose the file is; without a record, a file named after another checkpoint is that one's.
        string? owner = RecordedCheckpoint(folder, model)
            ?? Directory.EnumerateFiles(folder, "*.bin").Select(Path.GetFileName).OfType<string>()
                .FirstOrDefault(other => other != checkpoint && DefaultModelFile(other) == model);
        if (owner is not null && owner != checkpoint)
        {
            throw new IOException(
                $"'{Path.GetFullPath(outputPath)}' is the model of {owner}, not of {checkpoint}; it is left as it is. " +
                $"Leave out --output to write {DefaultModelFile(checkpoint)}, or name another file.");
        }
    }

    /// <summary>The metrics entry of one export.</summary>
    public static Dictionary<string, object?> Entry(string checkpointFile, OnnxExportResult export) => new()
    {
        ["checkpoint"] = checkpointFile,
        ["max_abs_diff"] = export.MaxAbsDiff,
        ["verified_images"] = export.VerifiedImages,
    };

    /// <summary>
    /// Records an export in the run's <c>metrics.json</c> (<c>exports</c>; and <c>onnx_max_abs_diff</c> when it
    /// wrote the run's <c>model.onnx</c>) and in <c>report.md</c>. A folder that is not a run (no metrics.json)
    /// is left alone.
    /// </summary>
    public static void Record(string checkpointPath, OnnxExportResult export)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!;
        string metricsPath = Path.Combine(folder, RunFiles.Metrics);
        if (!File.Exists(metricsPath)
            || !string.Equals(Path.GetDirectoryName(Path.GetFullPath(export.Path)), folder, StringComparison.Ordinal))
        {
            return;
        }
        string model = Path.GetFileName(export.Path);
        string checkpoint = Path.GetFileName(checkpointPath);
        var metrics = JsonNode.Parse(File.ReadAllText(metricsPath))!.AsObject();
        if (metrics[ExportsKey] is not JsonObject exports)
        {
            exports = [];
            metrics[ExportsKey] = exports;
        }
        exports[model] = JsonSerializer.SerializeToNode(Entry(checkpoint, export));
        if (model == RunFiles.Model)
        {
            metrics["onnx_max_abs_diff"] = export.MaxAbsDiff;
        }
        File.WriteAllText(metricsPath, metrics.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

        string reportPath = Path.Combine(folder, RunFiles.Report);
        if (File.Exists(reportPath))
        {
            File.WriteAllLines(reportPath, WithRow(File.ReadAllLines(reportPath), ReportRow(model, checkpoint, export)));
        }
    }

    /// <summary>The report's table row for one exported model.</summary>
    public static string ReportRow(string modelFile, string checkpointFile, OnnxExportResult export) => string.Create(CultureInfo.InvariantCulture,
        $"| ONNX `{modelFile}` | from `{checkpointFile}`; max abs diff vs TorchSharp {export.MaxAbsDiff:E2} on {export.VerifiedImages} images |");

    private static string? RecordedCheckpoint(string folder, string model)
    {
        string metricsPath = Path.Combine(folder, RunFiles.Metrics);
        if (!File.Exists(metricsPath))
        {
            return null;
        }
        return JsonNode.Parse(File.ReadAllText(metricsPath))?[ExportsKey]?[model]?["checkpoint"]?.GetValue<string>();
    }

    // Replaces the model's row, or adds it below the last row of the report's first table.
    private static List<string> WithRow(string[] lines, string row)
    {
        var result = lines.ToList();
        string prefix = row[..(row.IndexOf('|', 2) + 1)];
        int existing = result.FindIndex(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (existing >= 0)
        {
            result[existing] = row;
            return result;
        }
        int firstRow = result.FindIndex(l => l.StartsWith('|'));
        int end = firstRow < 0 ? result.Count : result.FindIndex(firstRow, l => !l.StartsWith('|'));
        result.Insert(end < 0 ? result.Count : end, row);
        return result;
    }
}
