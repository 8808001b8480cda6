using RpsVision.Core.Data;
using RpsVision.Core.Preprocessing;
using RpsVision.Tests.Inference;

namespace RpsVision.Tests.Data;

public class LabeledImageFolderTests
{
    [Category(TestCategories.SharedData)]
    [Test]
    public void Read_SharedPhotos_Reads24NonSquarePhotosWithADigest()
    {
        var folder = LabeledImageFolder.Read(SharedData.Photos);

        Assert.That(folder.Name, Is.EqualTo("photos"));
        Assert.That(folder.Images, Has.Count.EqualTo(24));
        Assert.That(folder.CountPerLabel(), Is.EqualTo(new[] { 8, 8, 8 }));
        Assert.That(folder.Skipped, Is.Empty);
        Assert.That(folder.Digest, Has.Length.EqualTo(64));
        Assert.That(folder.Images.Select(i => i.RelativePath), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(folder.Images.First(i => i.Label == RpsLabels.Paper).RelativePath, Does.StartWith("paper/"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Read_BadFiles_ListsSkipsAndCountsThem()
    {
        using var photos = new PhotoFolders();
        string folder = photos.RealPhotos(perClass: 1);
        PhotoFolders.Write(folder, "rock/notes.txt", "a note"u8.ToArray());
        PhotoFolders.Write(folder, "paper/broken.png", BadImageFiles.Truncated());
        PhotoFolders.Write(folder, "paper/empty.jpeg", []);
        PhotoFolders.Write(folder, "scissors/huge.png", BadImageFiles.PngWithSize(9000, 9000));
        PhotoFolders.Write(folder, "README.md", "# photos"u8.ToArray());
        PhotoFolders.Write(folder, ".hidden/x.png", PhotoFolders.NoisePng());

        var read = LabeledImageFolder.Read(folder);

        Assert.That(read.Images, Has.Count.EqualTo(4)); // 3 PNGs and the JPEG
        Assert.That(read.Images.Count(i => i.RelativePath.EndsWith(".JPG", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(read.Skipped.Select(s => s.RelativePath),
            Is.EqualTo(new[] { "README.md", "paper/broken.png", "paper/empty.jpeg", "rock/notes.txt", "scissors/huge.png" }));
        Assert.That(read.Skipped.Single(s => s.RelativePath == "scissors/huge.png").Reason, Does.Contain("9000x9000").And.Contain("limit"));
        Assert.That(read.Skipped.Single(s => s.RelativePath == "paper/broken.png").Reason, Does.Contain("truncated"));
        Assert.That(read.Skipped.Single(s => s.RelativePath == "rock/notes.txt").Reason, Does.Contain(".png"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Read_PhotoOverTheLimits_IsSkippedWithItsSize()
    {
        using var photos = new PhotoFolders();
        string folder = Path.Combine(photos.Root, "small");
        foreach (string label in RpsLabels.Names)
        {
            PhotoFolders.Write(folder, $"{label}/a.png", PhotoFolders.NoisePng(20, 10));
        }
        PhotoFolders.Write(folder, "rock/wide.png", PhotoFolders.NoisePng(150, 20));

        var read = LabeledImageFolder.Read(folder, new ImageLimits { MaxDimension = 100 });

        Assert.That(read.CountPerLabel(), Is.EqualTo(new[] { 1, 1, 1 }));
        Assert.That(read.Skipped.Single().RelativePath, Is.EqualTo("rock/wide.png"));
        Assert.That(read.Skipped.Single().Reason, Does.Contain("150x20").And.Contain("100"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Read_UnknownLabelFolder_ThrowsNamingItAndTheAllowedLabels()
    {
        using var photos = new PhotoFolders();
        string folder = photos.RealPhotos(perClass: 1);
        PhotoFolders.Write(folder, "lizard/l.png", PhotoFolders.NoisePng());

        var e = Assert.Throws<InvalidDataException>(() => LabeledImageFolder.Read(folder));

        Assert.That(e!.Message, Does.Contain("'lizard'").And.Contain(folder).And.Contain("rock, paper, scissors"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Read_EmptyLabelFolder_ThrowsNamingIt()
    {
        using var photos = new PhotoFolders();
        string folder = photos.RealPhotos(perClass: 1);
        foreach (string file in Directory.GetFiles(Path.Combine(folder, "paper")))
        {
            File.Delete(file);
        }

        var e = Assert.Throws<InvalidDataException>(() => LabeledImageFolder.Read(folder));

        Assert.That(e!.Message, Does.Contain(Path.Combine(folder, "paper")).And.Contain("no usable images"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Read_LabelFolderOfUnreadableFilesOnly_ThrowsNamingItAndTheFiles()
    {
        using var photos = new PhotoFolders();
        string folder = photos.RealPhotos(perClass: 1);
        foreach (string file in Directory.GetFiles(Path.Combine(folder, "scissors")))
        {
            File.WriteAllText(file, "not a picture");
        }

        var e = Assert.Throws<InvalidDataException>(() => LabeledImageFolder.Read(folder));

        Assert.That(e!.Message, Does.Contain(Path.Combine(folder, "scissors")).And.Contain("scissors/"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Read_NoImages_ThrowsNamingTheFolder()
    {
        using var photos = new PhotoFolders();
        string folder = Path.Combine(photos.Root, "nothing");
        PhotoFolders.Write(folder, "notes.txt", "x"u8.ToArray());

        var e = Assert.Throws<InvalidDataException>(() => LabeledImageFolder.Read(folder));

        Assert.That(e!.Message, Does.Contain($"'{folder}'").And.Contain("no usable images"));
    }

    [Test]
    public void Read_MissingFolder_ThrowsNamingIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), "rpsvision-no-such-folder-" + Guid.NewGuid().ToString("N"));

        var e = Assert.Throws<DirectoryNotFoundException>(() => LabeledImageFolder.Read(missing));

        Assert.That(e!.Message, Does.Contain(missing));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Read_Digest_FollowsTheUsedImagesOnly()
    {
        using var photos = new PhotoFolders();
        string folder = photos.RealPhotos(perClass: 1);
        string before = LabeledImageFolder.Read(folder).Digest;

        PhotoFolders.Write(folder, "rock/notes.txt", "skipped, so not in the digest"u8.ToArray());
        string withSkipped = LabeledImageFolder.Read(folder).Digest;
        PhotoFolders.Write(folder, "rock/extra.png", PhotoFolders.NoisePng());
        string withExtra = LabeledImageFolder.Read(folder).Digest;

        Assert.That(withSkipped, Is.EqualTo(before));
        Assert.That(withExtra, Is.Not.EqualTo(before));
    }
}
