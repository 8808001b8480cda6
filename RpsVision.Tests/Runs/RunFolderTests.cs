using RpsVision.Core.Runs;

namespace RpsVision.Tests.Runs;

public class RunFolderTests
{
    [Test]
    public void Create_ThreeRunsInOneSecond_GetIncreasingNamesAndVersions()
    {
        using var output = new TempDir();

        string[] runs = Enumerable.Range(0, 3).Select(_ => Path.GetFileName(RunFolder.Create(output.Path))).ToArray();

        Assert.That(runs, Is.Unique.And.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        long[] versions = runs.Select(r => long.Parse(RunFolder.VersionOf(r, DateTimeOffset.UnixEpoch))).ToArray();
        Assert.That(versions, Is.Unique.And.Ordered);
        Assert.That(new DirectoryInfo(Path.Combine(output.Path, RunFolder.LatestName)).LinkTarget, Is.EqualTo(runs[^1]));
    }

    [Test]
    public void Create_NewestRunInTheFuture_TakesTheSecondAfterIt()
    {
        using var output = new TempDir();
        Directory.CreateDirectory(Path.Combine(output.Path, "29991231-235958"));

        string run = Path.GetFileName(RunFolder.Create(output.Path));

        Assert.That(run, Is.EqualTo("29991231-235959"));
    }

    [TestCase("20261126-143000", "20261126143000")]
    [TestCase("20261126-143000-2", "20261126143000")]
    [TestCase("my-export", "20200102030405")]
    public void VersionOf_RunName_IsItsTimestampAsANumber(string run, string expected)
    {
        Assert.That(RunFolder.VersionOf(run, new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero)), Is.EqualTo(expected));
    }
}
