using System.Text.RegularExpressions;

namespace RpsVision.Core.Data;

/// <summary>Reads and verifies the extracted layout <c>rps/&lt;label&gt;/*.png</c>, <c>rps-test-set/&lt;label&gt;/*.png</c>.</summary>
internal static partial class CatalogueReader
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Whether <paramref name="root"/> holds the folder of a split (the layout counts as present then).</summary>
    public static bool HasSplitFolder(string root, string splitFolder) => Directory.Exists(Path.Combine(root, splitFolder));

    public static DatasetCatalogue Read(string root, DataOptions options)
    {
        root = Path.GetFullPath(root);
        var problems = new List<string>();
        var train = ReadSplit(root, DataOptions.TrainFolder, DataSplit.Train, options.TrainImagesPerClass, problems);
        var test = ReadSplit(root, DataOptions.TestFolder, DataSplit.Test, options.TestImagesPerClass, problems);
        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"The data set under '{root}' is incomplete or damaged:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", problems));
        }

        var trainDigest = Digest(train, problems);
        var testDigest = Digest(test, problems);
        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"The data set under '{root}' holds damaged images:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", problems.Take(20)) +
                (problems.Count > 20 ? $"{Environment.NewLine}  … and {problems.Count - 20} more" : ""));
        }

        return new DatasetCatalogue(root, [.. train, .. test], trainDigest, testDigest);
    }

    private static List<LabeledImage> ReadSplit(string root, string splitFolder, DataSplit split, int expectedPerClass, List<string> problems)
    {
        var images = new List<LabeledImage>();
        for (var label = 0; label < RpsLabels.Count; label++)
        {
            var relativeFolder = $"{splitFolder}/{RpsLabels.NameOf(label)}";
            var folder = Path.Combine(root, splitFolder, RpsLabels.NameOf(label));
            if (!Directory.Exists(folder))
            {
                problems.Add($"{relativeFolder}/ is missing (expected {expectedPerClass} images).");
                continue;
            }

            var files = Directory.EnumerateFiles(folder)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => ImageFileName().IsMatch(name))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count != expectedPerClass)
            {
                problems.Add($"{relativeFolder}/ has {files.Count} images; expected {expectedPerClass}.");
            }

            images.AddRange(files.Select(name => new LabeledImage(
                Path.Combine(folder, name), $"{relativeFolder}/{name}", label, HandIds.FromFileName(name), split)));
        }

        images.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return images;
    }

    private static string Digest(List<LabeledImage> images, List<string> problems) =>
        ImageSetDigest.Compute(images, (image, bytes) =>
        {
            if (!bytes.AsSpan().StartsWith(PngSignature))
            {
                problems.Add($"{image.RelativePath} is not a PNG file ({bytes.Length} bytes).");
            }
        });

    /// <summary>TFDS's file-name rule (the last part of <c>^(rps|rps-test-set)/(rock|paper|scissors)/[\w-]*\.png$</c>).</summary>
    [GeneratedRegex(@"^[\w-]*\.png$")]
    private static partial Regex ImageFileName();
}
