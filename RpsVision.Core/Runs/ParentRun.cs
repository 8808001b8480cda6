using System.Text.Json;
using System.Text.Json.Nodes;
using RpsVision.Core.Data;
using RpsVision.Core.Training;

namespace RpsVision.Core.Runs;

/// <summary>
/// The run a <c>teach</c> starts from (<c>--from</c>): its folder (a <c>latest</c> link resolved), checkpoint header,
/// data options and model version. Opening it reads and checks every file the teach needs, and writes nothing.
/// </summary>
internal sealed class ParentRun
{
    private ParentRun(string folder, string checkpoint, TrainingCheckpoint header, DataOptions data, string version)
    {
        Folder = folder;
        Checkpoint = checkpoint;
        Header = header;
        Data = data;
        Version = version;
    }

    /// <summary>The run folder, with links resolved.</summary>
    public string Folder { get; }

    /// <summary>The run's id, its folder's name.</summary>
    public string RunId => Path.GetFileName(Folder);

    /// <summary>Its <c>checkpoint.bin</c>.</summary>
    public string Checkpoint { get; }

    /// <summary>The checkpoint's header: options, preprocessing, epochs, split.</summary>
    public TrainingCheckpoint Header { get; }

    /// <summary>The data options the run was trained with (from its <c>config.json</c>).</summary>
    public DataOptions Data { get; }

    /// <summary>The version of the run's model, as its <c>model.onnx</c> states it.</summary>
    public string Version { get; }

    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">It has no checkpoint or no configuration.</exception>
    /// <exception cref="InvalidDataException">The checkpoint or the configuration is damaged.</exception>
    public static ParentRun Open(string from)
    {
        var info = new DirectoryInfo(Path.GetFullPath(from));
        if (!info.Exists)
        {
            throw new DirectoryNotFoundException($"--from '{info.FullName}' is not a run folder: it does not exist (train a model first, or point --from at a run folder).");
        }
        string folder = Path.TrimEndingDirectorySeparator(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName);
        string checkpoint = Path.Combine(folder, TrainingCheckpoint.LastFileName);
        if (!File.Exists(checkpoint))
        {
            throw new FileNotFoundException($"--from '{folder}' is not a run folder: it has no {TrainingCheckpoint.LastFileName}.", checkpoint);
        }
        TrainingCheckpoint header;
        DataOptions? data;
        try
        {
            header = TrainingCheckpoint.ReadHeader(checkpoint);
            data = RunFiles.ReadDataOptions(folder);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"--from '{folder}': {e.Message}", e);
        }
        if (data is null)
        {
            throw new FileNotFoundException($"--from '{folder}' is not a run folder: it has no {RunFiles.Config} (which says where its data is).",
                Path.Combine(folder, RunFiles.Config));
        }
        return new ParentRun(folder, checkpoint, header, data, ModelVersion(folder, checkpoint));
    }

    /// <summary>
    /// The test accuracy the run recorded for the weights of its <c>checkpoint.bin</c> on the test images of
    /// <paramref name="testDigest"/> (its <c>model.onnx</c> exported from that checkpoint, tested on the same images);
    /// null when it recorded none, or for other weights or images.
    /// </summary>
    public double? RecordedTestAccuracy(string testDigest, int testImages)
    {
        string path = Path.Combine(Folder, RunFiles.Metrics);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var metrics = JsonNode.Parse(File.ReadAllText(path));
            bool sameWeights = metrics?["exports"]?[RunFiles.Model]?["checkpoint"]?.GetValue<string>() == TrainingCheckpoint.LastFileName;
            bool sameImages = metrics?["data"]?["test_digest"]?.GetValue<string>() == testDigest
                && metrics?["test"]?["images"]?.GetValue<int>() == testImages;
            // A checkpoint written after the metrics (a resumed run stopped midway) holds other weights.
            bool current = File.GetLastWriteTimeUtc(Checkpoint) <= File.GetLastWriteTimeUtc(path);
            return sameWeights && sameImages && current ? metrics?["test"]?["accuracy"]?.GetValue<double>() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null; // unreadable metrics: the teach measures the parent itself
        }
    }

    /// <summary>A trainer holding the run's weights; a damaged weights section is an error naming <c>--from</c>.</summary>
    /// <exception cref="InvalidDataException">The checkpoint's weights cannot be read.</exception>
    public Trainer Resume(TrainingDevice device, int threads)
    {
        try
        {
            return Trainer.Resume(Checkpoint, device, threads);
        }
        catch (Exception e) when (e is EndOfStreamException or OverflowException or ArgumentException or KeyNotFoundException
                                      or System.Runtime.InteropServices.ExternalException)
        {
            throw new InvalidDataException($"--from '{Folder}': checkpoint '{Checkpoint}' is damaged: {e.Message}", e);
        }
    }

    // The version every export of the run writes into its model's metadata (see ModelExport).
    private static string ModelVersion(string folder, string checkpoint) =>
        RunFolder.VersionOf(Path.GetFileName(folder), File.GetLastWriteTimeUtc(checkpoint));
}
