using RpsVision.Core.Data;
using RpsVision.Core.Runs;
using RpsVision.Core.Training;

namespace RpsVision.Tests.Runs;

/// <summary>A resumed run continues with the split and data saved in its checkpoint, or not at all.</summary>
public class ResumeTests
{
    [Test]
    public async Task TrainAsync_ResumeWithAnotherSeed_IsRefusedAndKeepsTheSplit()
    {
        using var data = new TinyDataset();
        var first = await TrainingPipeline.TrainAsync(data.Pipeline(epochs: 1) with { Split = new SplitOptions { Seed = 7 } });
        string manifest = Path.Combine(first.RunFolder, RunFiles.ManifestCsv);
        string split = File.ReadAllText(manifest);
        var other = data.Pipeline(epochs: 1) with
        {
            Resume = true,
            Split = new SplitOptions { Seed = 8 },
            Training = TinyImages.FastOptions(epochs: 1, seed: 8),
        };

        var refused = Assert.ThrowsAsync<ArgumentException>(() => TrainingPipeline.TrainAsync(other));

        Assert.That(refused!.Message, Does.Contain("Split.Seed 8 (saved: 7)").And.Contain("Training.Seed 8 (saved: 7)"));
        Assert.That(File.ReadAllText(manifest), Is.EqualTo(split));
    }

    [Test]
    public async Task TrainAsync_ResumeOnAnotherDataFolder_IsRefusedNamingTheDigest()
    {
        using var data = new TinyDataset();
        await TrainingPipeline.TrainAsync(data.Pipeline(epochs: 1));
        string otherData = Path.Combine(data.Root, "other-data");
        TinyImages.WritePngs(otherData, DataOptions.TrainFolder, 36, seed: 3);
        TinyImages.WritePngs(otherData, DataOptions.TestFolder, 9, seed: 2);
        var moved = data.Pipeline(epochs: 1) with
        {
            Resume = true,
            Data = new DataOptions { DataDir = otherData, AllowDownload = false, TrainImagesPerClass = 12, TestImagesPerClass = 3 },
        };

        var refused = Assert.ThrowsAsync<ArgumentException>(() => TrainingPipeline.TrainAsync(moved));

        Assert.That(refused!.Message, Does.Contain($"data in '{otherData}': its train digest"));
        Assert.That(refused.Message, Does.Not.Contain("test digest"), "the test images are the same");
    }

    [Test]
    public async Task ResumeOptions_AfterARun_ReturnsTheSavedConfigurationWhichResumes()
    {
        using var data = new TinyDataset();
        var first = await TrainingPipeline.TrainAsync(data.Pipeline(epochs: 2) with { Split = new SplitOptions { Seed = 5 }, ImageSize = 12 });

        var saved = TrainingPipeline.ResumeOptions(data.Pipeline(epochs: 9) with { Training = TinyImages.FastOptions(9, seed: 1) });
        var resumed = await TrainingPipeline.TrainAsync(saved);

        Assert.That((saved.Split.Seed, saved.ImageSize, saved.Training.Seed, saved.Training.Epochs, saved.Resume), Is.EqualTo((5, 12, 7, 2, true)));
        Assert.That(resumed.RunFolder, Is.EqualTo(first.RunFolder));
        Assert.That(TrainingCheckpoint.ReadHeader(Path.Combine(first.RunFolder, TrainingCheckpoint.LastFileName)).Run!.SplitSeed, Is.EqualTo(5));
    }
}
