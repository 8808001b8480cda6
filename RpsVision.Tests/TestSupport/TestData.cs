using System.IO.Compression;
using RpsVision.Core.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace RpsVision.Tests.TestSupport;

/// <summary>Small generated data sets, archives and folders for the Data tests.</summary>
internal static class TestData
{
    /// <summary>A distinct tiny RGBA PNG for each seed.</summary>
    public static byte[] Png(int seed, int width = 6, int height = 5)
    {
        using var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgba32((byte)(seed * 37 + x), (byte)(seed * 11 + y), (byte)seed, 255);
            }
        }

        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Entry names and contents of a TFDS-like split: <paramref name="hands"/> hands per class, images spread
    /// evenly over them, named <c>&lt;label&gt;0&lt;h&gt;-&lt;nnn&gt;.png</c>; scissors hands of the training split are
    /// called <c>testscissors…</c> as in the real archive.
    /// </summary>
    public static List<(string Name, byte[] Content)> SplitEntries(string splitFolder, int perClass, int hands = 4)
    {
        var entries = new List<(string, byte[])>();
        var seed = splitFolder == DataOptions.TrainFolder ? 0 : 10_000;
        foreach (var label in RpsLabels.Names)
        {
            for (var i = 0; i < perClass; i++)
            {
                var hand = i % hands + 1;
                var prefix = label == "scissors" && hand > hands / 2 ? "testscissors" : label;
                entries.Add(($"{splitFolder}/{label}/{prefix}0{hand}-{i:000}.png", Png(seed++)));
            }
        }

        return entries;
    }

    /// <summary>Writes the extracted layout under <paramref name="root"/>.</summary>
    public static void WriteLayout(string root, int trainPerClass, int testPerClass, int hands = 4)
    {
        foreach (var (name, content) in SplitEntries(DataOptions.TrainFolder, trainPerClass, hands)
                     .Concat(SplitEntries(DataOptions.TestFolder, testPerClass, hands)))
        {
            var path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
        }
    }

    /// <summary>A zip archive holding the given entries, as bytes.</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Size and SHA-256 of some bytes, as an archive description.</summary>
    public static DatasetArchive Describe(string fileName, byte[] content) =>
        new(fileName, content.LongLength, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));
}
