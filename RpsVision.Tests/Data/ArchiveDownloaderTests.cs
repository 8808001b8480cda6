using RpsVision.Core.Data;

namespace RpsVision.Tests.Data;

public class ArchiveDownloaderTests
{
    private ArchiveServer _server = null!;
    private HttpClient _http = null!;
    private TempDir _dir = null!;
    private byte[] _archive = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await ArchiveServer.StartAsync();
        _http = new HttpClient();
        _dir = new TempDir();
        _archive = TestData.Zip(TestData.SplitEntries(DataOptions.TrainFolder, perClass: 30));
        _server.Files["rps.zip"] = _archive;
    }

    [TearDown]
    public async Task StopServer()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Test]
    public async Task EnsureAsync_FreshDownload_WritesVerifiedFileAndReportsProgress()
    {
        var progress = new RecordingProgress<DownloadProgress>();

        var path = await Downloader().EnsureAsync(TestData.Describe("rps.zip", _archive), _dir.Path, progress, CancellationToken.None);

        Assert.That(path, Is.EqualTo(Path.Combine(_dir.Path, "rps.zip")));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(_archive));
        Assert.That(File.Exists(path + ".part"), Is.False);
        Assert.That(progress.Reports.Last(), Is.EqualTo(new DownloadProgress("rps.zip", _archive.Length, _archive.Length)));
        Assert.That(_server.RangeHeaders, Is.EqualTo(new[] { "" }));
    }

    [Test]
    public async Task EnsureAsync_ConnectionCutMidway_NextCallResumesWithRange()
    {
        _server.CutNext(1);
        var downloader = Downloader(maxAttempts: 1);
        var archive = TestData.Describe("rps.zip", _archive);

        Assert.That(async () => await downloader.EnsureAsync(archive, _dir.Path, null, CancellationToken.None), Throws.InstanceOf<IOException>());
        var part = Path.Combine(_dir.Path, "rps.zip.part");
        var partLength = new FileInfo(part).Length;
        Assert.That(partLength, Is.GreaterThan(0).And.LessThan(_archive.Length));
        Assert.That(File.Exists(Path.Combine(_dir.Path, "rps.zip")), Is.False, "a cut download must not look complete");

        var path = await downloader.EnsureAsync(archive, _dir.Path, null, CancellationToken.None);

        Assert.That(_server.RangeHeaders, Is.EqualTo(new[] { "", $"bytes={partLength}-" }));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(_archive));
        Assert.That(File.Exists(part), Is.False);
    }

    [Test]
    public async Task EnsureAsync_ConnectionCutWithAttemptsLeft_ResumesWithinOneCall()
    {
        _server.CutNext(1);

        var path = await Downloader(maxAttempts: 3).EnsureAsync(TestData.Describe("rps.zip", _archive), _dir.Path, null, CancellationToken.None);

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(_archive));
        Assert.That(_server.RangeHeaders.Count, Is.EqualTo(2));
        Assert.That(_server.RangeHeaders.Last(), Does.StartWith("bytes="));
    }

    [Test]
    public async Task EnsureAsync_ServerIgnoresRange_StartsThePartOver()
    {
        _server.IgnoreRange = true;
        await File.WriteAllBytesAsync(Path.Combine(_dir.Path, "rps.zip.part"), [1, 2, 3, 4, 5]);

        var path = await Downloader().EnsureAsync(TestData.Describe("rps.zip", _archive), _dir.Path, null, CancellationToken.None);

        Assert.That(_server.RangeHeaders, Is.EqualTo(new[] { "bytes=5-" }));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(_archive));
    }

    [Test]
    public void EnsureAsync_ChecksumMismatch_ThrowsTypedErrorAndQuarantines()
    {
        var wrongSha = new string('0', 64);
        var archive = new DatasetArchive("rps.zip", _archive.Length, wrongSha);
        var actualSha = TestData.Describe("rps.zip", _archive).Sha256;

        var error = Assert.ThrowsAsync<ArchiveVerificationException>(() =>
            Downloader().EnsureAsync(archive, _dir.Path, null, CancellationToken.None));

        Assert.That(error!.FileName, Is.EqualTo("rps.zip"));
        Assert.That(error.ExpectedSha256, Is.EqualTo(wrongSha));
        Assert.That(error.ActualSha256, Is.EqualTo(actualSha));
        Assert.That(error.Message, Does.Contain("rps.zip").And.Contain(wrongSha).And.Contain(actualSha));
        Assert.That(Path.GetFileName(error.QuarantinePath), Does.StartWith("rps.zip.corrupt-"));
        Assert.That(File.ReadAllBytes(error.QuarantinePath), Is.EqualTo(_archive));
        Assert.That(File.Exists(Path.Combine(_dir.Path, "rps.zip")), Is.False);
        Assert.That(File.Exists(Path.Combine(_dir.Path, "rps.zip.part")), Is.False);
    }

    [Test]
    public void EnsureAsync_SizeMismatch_ThrowsWithBothSizes()
    {
        var archive = TestData.Describe("rps.zip", _archive) with { SizeBytes = _archive.Length + 10 };

        var error = Assert.ThrowsAsync<ArchiveVerificationException>(() =>
            Downloader().EnsureAsync(archive, _dir.Path, null, CancellationToken.None));

        Assert.That((error!.ExpectedSize, error.ActualSize), Is.EqualTo(((long)_archive.Length + 10, (long)_archive.Length)));
        Assert.That(File.Exists(error.QuarantinePath), Is.True);
    }

    [Test]
    public async Task EnsureAsync_VerifiedArchivePresent_DoesNotDownload()
    {
        await File.WriteAllBytesAsync(Path.Combine(_dir.Path, "rps.zip"), _archive);

        await Downloader().EnsureAsync(TestData.Describe("rps.zip", _archive), _dir.Path, null, CancellationToken.None);

        Assert.That(_server.RangeHeaders, Is.Empty);
    }

    [Test]
    public async Task EnsureAsync_PresentArchiveWithWrongDigest_IsQuarantinedAndFetchedAgain()
    {
        await File.WriteAllBytesAsync(Path.Combine(_dir.Path, "rps.zip"), [9, 9, 9]);

        var path = await Downloader().EnsureAsync(TestData.Describe("rps.zip", _archive), _dir.Path, null, CancellationToken.None);

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(_archive));
        Assert.That(Directory.GetFiles(_dir.Path, "rps.zip.corrupt-*"), Has.Length.EqualTo(1));
    }

    [Test]
    public void EnsureAsync_NotFound_FailsWithoutRetrying()
    {
        var error = Assert.ThrowsAsync<HttpRequestException>(() =>
            Downloader(maxAttempts: 3).EnsureAsync(TestData.Describe("missing.zip", _archive), _dir.Path, null, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("missing.zip").And.Contain("404"));
        Assert.That(_server.RangeHeaders, Has.Count.EqualTo(1));
    }

    [TestCase("http://mirror.local/data", "http://mirror.local/data/rps.zip")]
    [TestCase("http://mirror.local/data/", "http://mirror.local/data/rps.zip")]
    public void ArchiveUri_BaseWithOrWithoutSlash_AppendsFileName(string baseUrl, string expected)
    {
        Assert.That(ArchiveDownloader.ArchiveUri(new Uri(baseUrl), "rps.zip"), Is.EqualTo(new Uri(expected)));
    }

    private ArchiveDownloader Downloader(int maxAttempts = 3) =>
        new(_http, new DownloadOptions { BaseUrl = _server.BaseUrl, MaxAttempts = maxAttempts, RetryDelay = TimeSpan.Zero });
}
