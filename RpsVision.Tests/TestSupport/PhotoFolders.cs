using RpsVision.Core.Data;
using RpsVision.Tests.Inference;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace RpsVision.Tests.TestSupport;

/// <summary>Small labelled photo folders (<c>&lt;label&gt;/*</c>) in a temporary folder, deleted on dispose.</summary>
internal sealed class PhotoFolders : IDisposable
{
    public PhotoFolders() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "rpsvision-photo-tests", Guid.NewGuid().ToString("N"));

    /// <summary>
    /// A folder named <paramref name="name"/> with <paramref name="perClass"/> real photos (300x200 PNGs from
    /// shared/data/photos) per label, one of them re-encoded as JPEG with an upper-case extension.
    /// </summary>
    public string RealPhotos(string name = "photos", int perClass = 2)
    {
        string folder = Path.Combine(Root, name);
        foreach (string label in RpsLabels.Names)
        {
            Directory.CreateDirectory(Path.Combine(folder, label));
        }
        var sources = SharedData.Images(SharedData.Photos, perClass);
        for (int i = 0; i < sources.Count; i++)
        {
            string label = Path.GetFileName(Path.GetDirectoryName(sources[i]))!;
            File.Copy(sources[i], Path.Combine(folder, label, Path.GetFileName(sources[i])));
        }
        // One JPEG (upper-case extension), converted from the first rock photo.
        string rock = sources[0];
        using (var image = Image.Load<Rgba32>(rock))
        {
            image.SaveAsJpeg(Path.Combine(folder, "rock", Path.GetFileNameWithoutExtension(rock) + "-jpeg.JPG"));
        }
        return folder;
    }

    /// <summary>Writes a file under <paramref name="folder"/>, creating its parent folders.</summary>
    public static string Write(string folder, string relativePath, byte[] content)
    {
        string path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>A small opaque PNG of random pixels.</summary>
    public static byte[] NoisePng(int width = 12, int height = 9)
    {
        using var image = BadImageFiles.Noise(width, height);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
