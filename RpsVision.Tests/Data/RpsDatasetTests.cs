using RpsVision.Core.Data;

namespace RpsVision.Tests.Data;

public class RpsDatasetTests
{
    [Test]
    public async Task PrepareAsync_FromMirror_DownloadsExtractsAndCatalogues()
    {
        await using var server = await ArchiveServer.StartAsync();
        using var dir = new TempDir();
        using var http = new HttpClient();
        var options = MirrorOptions(server, dir.Path, trainPerClass: 12, testPerClass: 4);
        var progress = new RecordingProgress<DownloadProgress>();

        var catalogue = await RpsDataset.PrepareAsync(options, http, progress);

        Assert.That((catalogue.Train.Count, catalogue.Test.Count), Is.EqualTo((36, 12)));
        Assert.That(catalogue.Root, Is.EqualTo(dir.Path));
        Assert.That(File.Exists(Path.Combine(dir.Path, "rps.zip")) && File.Exists(Path.Combine(dir.Path, "rps-test-set.zip")), Is.True);
        Assert.That(progress.Reports.Select(p => p.FileName).Distinct(), Is.EqualTo(new[] { "rps.zip", "rps-test-set.zip" }));
        // testscissors… files of the training archive are training images.
        Assert.That(catalogue.Train.Count(i => i.Hand.StartsWith("testscissors", StringComparison.Ordinal)), Is.EqualTo(6));
        Assert.That(catalogue.Test.Select(i => i.Split), Is.All.EqualTo(DataSplit.Test));

        var again = await RpsDataset.PrepareAsync(options, http);

        Assert.That(server.RangeHeaders, Has.Count.EqualTo(2), "the extracted folders are used as they are");
        Assert.That(again.TrainDigest, Is.EqualTo(catalogue.TrainDigest));
    }

    [Test]
    public async Task PrepareAsync_ArchiveShortOfImages_ThrowsCountError()
    {
        await using var server = await ArchiveServer.StartAsync();
        using var dir = new TempDir();
        using var http = new HttpClient();
        var options = MirrorOptions(server, dir.Path, trainPerClass: 12, testPerClass: 4);
        options.TrainImagesPerClass = 13;

        var error = Assert.ThrowsAsync<InvalidDataException>(() => RpsDataset.PrepareAsync(options, http));

        Assert.That(error!.Message, Does.Contain("rps/rock/ has 12 images; expected 13"));
    }

    [Test]
    public void PrepareAsync_BadMirrorDigest_ThrowsVerificationErrorAndExtractsNothing()
    {
        using var dir = new TempDir();
        var serverTask = ArchiveServer.StartAsync();
        using var http = new HttpClient();

        var error = Assert.ThrowsAsync<ArchiveVerificationException>(async () =>
        {
            await using var server = await serverTask;
            var options = MirrorOptions(server, dir.Path, trainPerClass: 4, testPerClass: 4);
            options.Download.TrainArchive = options.Download.TrainArchive with { Sha256 = new string('a', 64) };
            await RpsDataset.PrepareAsync(options, http);
        });

        Assert.That(error!.FileName, Is.EqualTo("rps.zip"));
        Assert.That(Directory.Exists(Path.Combine(dir.Path, "rps")), Is.False);
    }

    private static DataOptions MirrorOptions(ArchiveServer server, string dataDir, int trainPerClass, int testPerClass)
    {
        var train = TestData.Zip(TestData.SplitEntries(DataOptions.TrainFolder, trainPerClass));
        var test = TestData.Zip(TestData.SplitEntries(DataOptions.TestFolder, testPerClass));
        server.Files["rps.zip"] = train;
        server.Files["rps-test-set.zip"] = test;
        return new DataOptions
        {
            DataDir = dataDir,
            TrainImagesPerClass = trainPerClass,
            TestImagesPerClass = testPerClass,
            Download = new DownloadOptions
            {
                BaseUrl = server.BaseUrl,
                TrainArchive = TestData.Describe("rps.zip", train),
                TestArchive = TestData.Describe("rps-test-set.zip", test),
                RetryDelay = TimeSpan.Zero,
            },
        };
    }
}
