using RpsVision.Core.Data;

namespace RpsVision.Tests.Data;

public class ArchiveExtractorTests
{
    private TempDir _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = new TempDir();

    [TearDown]
    public void DeleteFolder() => _dir.Dispose();

    [TestCase("../evil.png")]
    [TestCase("rps/rock/../../../evil.png")]
    [TestCase("/tmp/evil.png")]
    [TestCase("rps\\..\\..\\evil.png")]
    [TestCase("C:/evil.png")]
    public void Extract_EntryEscapingTheFolder_RefusesTheArchive(string entryName)
    {
        var dataRoot = Path.Combine(_dir.Path, "data");
        Directory.CreateDirectory(dataRoot);
        var zip = WriteZip([("rps/rock/rock01-000.png", TestData.Png(1)), (entryName, TestData.Png(2))]);

        var error = Assert.Throws<InvalidDataException>(() => ArchiveExtractor.Extract(zip, dataRoot, "rps"));

        Assert.That(error!.Message, Does.Contain(entryName).And.Contain("rps.zip"));
        Assert.That(Directory.Exists(Path.Combine(dataRoot, "rps")), Is.False);
        Assert.That(File.Exists(Path.Combine(_dir.Path, "evil.png")), Is.False);
        Assert.That(File.Exists("/tmp/evil.png"), Is.False);
    }

    [Test]
    public void Extract_MixedEntries_TakesOnlyTfdsImagesOfTheArchivesOwnSplit()
    {
        var zip = WriteZip(
        [
            ("rps/rock/rock01-000.png", TestData.Png(1)),
            ("rps/scissors/testscissors01-000.png", TestData.Png(2)),
            ("rps/rock/readme.txt", [1]),
            ("rps/rock/we ird.png", TestData.Png(3)),
            ("rps/lizard/lizard01-000.png", TestData.Png(4)),
            ("rps/rock/sub/rock01-001.png", TestData.Png(5)),
            ("__MACOSX/rps/rock/._rock01-000.png", [0]),
            ("rps-test-set/rock/testrock01-000.png", TestData.Png(6)),
            ("rps/", []),
        ]);

        var count = ArchiveExtractor.Extract(zip, _dir.Path, "rps");

        Assert.That(count, Is.EqualTo(2));
        var files = Directory.EnumerateFiles(_dir.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_dir.Path, f).Replace('\\', '/'))
            .Where(f => f != "rps.zip")
            .Order(StringComparer.Ordinal);
        Assert.That(files, Is.EqualTo(new[] { "rps/rock/rock01-000.png", "rps/scissors/testscissors01-000.png" }));
        Assert.That(Directory.GetDirectories(_dir.Path), Is.EqualTo(new[] { Path.Combine(_dir.Path, "rps") }), "no staging folder left");
    }

    [Test]
    public void Extract_NoMatchingEntry_ThrowsAndLeavesNoSplitFolder()
    {
        var zip = WriteZip([("other/rock/rock01-000.png", TestData.Png(1))]);

        var error = Assert.Throws<InvalidDataException>(() => ArchiveExtractor.Extract(zip, _dir.Path, "rps"));

        Assert.That(error!.Message, Does.Contain("no entry matching"));
        Assert.That(Directory.GetDirectories(_dir.Path), Is.Empty);
    }

    private string WriteZip(IEnumerable<(string, byte[])> entries)
    {
        var path = Path.Combine(_dir.Path, "rps.zip");
        File.WriteAllBytes(path, TestData.Zip(entries));
        return path;
    }
}
