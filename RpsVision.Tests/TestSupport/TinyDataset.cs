using RpsVision.Core.Data;
using RpsVision.Core.Runs;
using RpsVision.Core.Training;

namespace RpsVision.Tests.TestSupport;

/// <summary>A generated data set in the TFDS layout: 12 training and 3 test images per class, 16x16 PNGs.</summary>
internal sealed class TinyDataset : IDisposable
{
    public TinyDataset()
    {
        Root = Directory.CreateTempSubdirectory("rps-tiny-").FullName;
        TinyImages.WritePngs(Path.Combine(Root, "data"), DataOptions.TrainFolder, 36, seed: 1);
        TinyImages.WritePngs(Path.Combine(Root, "data"), DataOptions.TestFolder, 9, seed: 2);
    }

    public string Root { get; }

    public string DataDir => Path.Combine(Root, "data");

    public string OutputDir => Path.Combine(Root, "runs");

    public DataOptions Data => new() { DataDir = DataDir, AllowDownload = false, TrainImagesPerClass = 12, TestImagesPerClass = 3 };

    public PipelineOptions Pipeline(int epochs = 2) => new()
    {
        Data = Data,
        OutputDir = OutputDir,
        Training = TinyImages.FastOptions(epochs),
    };

    /// <summary>The command-line arguments of a training command on this data set, with the fast RpsNet.</summary>
    public string[] Args(params string[] more) =>
        ["--data-dir", DataDir, "--offline", "--output-dir", OutputDir, "--threads", "1", "--model", "rpsnet", .. more];

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
