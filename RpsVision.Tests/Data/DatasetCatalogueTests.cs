using RpsVision.Core.Data;

namespace RpsVision.Tests.Data;

public class DatasetCatalogueTests
{
    [Category(TestCategories.SharedData)]
    [Test]
    public async Task PrepareAsync_SharedRps28Folder_Has2520TrainAnd372TestImages()
    {
        var root = SharedData.Rps28OrNull;
        if (root is null)
        {
            Assert.Ignore("../shared/data/rps-28px is not next to the repository.");
        }

        var catalogue = await RpsDataset.PrepareAsync(new DataOptions { DataDir = root!, AllowDownload = false });

        Assert.That(catalogue.Train, Has.Count.EqualTo(2520));
        Assert.That(catalogue.Test, Has.Count.EqualTo(372));
        for (var label = 0; label < RpsLabels.Count; label++)
        {
            Assert.That(catalogue.Train.Count(i => i.Label == label), Is.EqualTo(840));
            Assert.That(catalogue.Test.Count(i => i.Label == label), Is.EqualTo(124));
        }

        Assert.That(catalogue.TrainDigest, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(catalogue.TrainDigest, Is.Not.EqualTo(catalogue.TestDigest));
        // Training scissors files named "testscissors…" stay in the training split.
        Assert.That(catalogue.Train.Count(i => i.Hand.StartsWith("testscissors", StringComparison.Ordinal)), Is.EqualTo(360));
    }

    [Test]
    public void Load_SmallLayout_LabelsHandsAndSplitsFromFolders()
    {
        using var dir = new TempDir();
        TestData.WriteLayout(dir.Path, trainPerClass: 8, testPerClass: 4);

        var catalogue = RpsDataset.Load(Small(dir.Path));

        Assert.That(catalogue.Images, Has.Count.EqualTo(36));
        var image = catalogue.Images.Single(i => i.RelativePath == "rps/paper/paper02-001.png");
        Assert.That((image.Label, image.Hand, image.Split), Is.EqualTo((RpsLabels.Paper, "paper02", DataSplit.Train)));
        Assert.That(image.Path, Is.EqualTo(Path.Combine(dir.Path, "rps", "paper", "paper02-001.png")));
        Assert.That(catalogue.Train.Select(i => i.RelativePath), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(catalogue.Images.Take(24), Is.EqualTo(catalogue.Train));
    }

    [Test]
    public void Load_TestPrefixedFilesInTrainingFolder_StayTrain()
    {
        using var dir = new TempDir();
        TestData.WriteLayout(dir.Path, trainPerClass: 8, testPerClass: 4);

        var catalogue = RpsDataset.Load(Small(dir.Path));

        var trainScissors = catalogue.Images.Where(i => i.RelativePath.StartsWith("rps/scissors/testscissors", StringComparison.Ordinal)).ToList();
        Assert.That(trainScissors, Is.Not.Empty);
        Assert.That(trainScissors.Select(i => i.Split), Is.All.EqualTo(DataSplit.Train));
        Assert.That(catalogue.Test.Select(i => i.RelativePath), Is.All.StartsWith("rps-test-set/"));
    }

    [Test]
    public void Load_ShortClass_ThrowsNamingFolderAndCounts()
    {
        using var dir = new TempDir();
        TestData.WriteLayout(dir.Path, trainPerClass: 8, testPerClass: 4);
        File.Delete(Directory.EnumerateFiles(Path.Combine(dir.Path, "rps", "rock")).First());

        var error = Assert.Throws<InvalidDataException>(() => RpsDataset.Load(Small(dir.Path)));
        Assert.That(error!.Message, Does.Contain("rps/rock/ has 7 images; expected 8"));
    }

    [Test]
    public void Load_MissingTestFolder_Throws()
    {
        using var dir = new TempDir();
        TestData.WriteLayout(dir.Path, trainPerClass: 8, testPerClass: 4);
        Directory.Delete(Path.Combine(dir.Path, "rps-test-set", "paper"), recursive: true);

        var error = Assert.Throws<InvalidDataException>(() => RpsDataset.Load(Small(dir.Path)));
        Assert.That(error!.Message, Does.Contain("rps-test-set/paper/ is missing"));
    }

    [Test]
    public void Load_DamagedImage_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        TestData.WriteLayout(dir.Path, trainPerClass: 8, testPerClass: 4);
        File.WriteAllBytes(Path.Combine(dir.Path, "rps-test-set", "rock", "rock01-000.png"), [1, 2, 3]);

        var error = Assert.Throws<InvalidDataException>(() => RpsDataset.Load(Small(dir.Path)));
        Assert.That(error!.Message, Does.Contain("rps-test-set/rock/rock01-000.png is not a PNG"));
    }

    [Test]
    public void Load_ChangedImage_ChangesOnlyThatSplitsDigest()
    {
        using var dir = new TempDir();
        TestData.WriteLayout(dir.Path, trainPerClass: 8, testPerClass: 4);
        var before = RpsDataset.Load(Small(dir.Path));
        File.WriteAllBytes(Path.Combine(dir.Path, "rps", "rock", "rock01-000.png"), TestData.Png(999));

        var after = RpsDataset.Load(Small(dir.Path));

        Assert.That(after.TrainDigest, Is.Not.EqualTo(before.TrainDigest));
        Assert.That(after.TestDigest, Is.EqualTo(before.TestDigest));
    }

    [Test]
    public async Task PrepareAsync_MissingSplitWithDownloadsOff_ThrowsDirectoryNotFound()
    {
        using var dir = new TempDir();

        var error = Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            RpsDataset.PrepareAsync(new DataOptions { DataDir = dir.Path, AllowDownload = false }));
        Assert.That(error!.Message, Does.Contain("AllowDownload = false"));
        await Task.CompletedTask;
    }

    internal static DataOptions Small(string root) =>
        new() { DataDir = root, TrainImagesPerClass = 8, TestImagesPerClass = 4, AllowDownload = false };
}
