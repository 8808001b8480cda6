using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RpsVision.Core.Data;

/// <summary>
/// The train, validation and test images of one run, and the manifest (file → split, label, hand) that
/// records them next to the run's outputs. Made by <see cref="DatasetCatalogue.Split(SplitOptions?)"/>.
/// </summary>
public sealed class DatasetSplit
{
    internal DatasetSplit(
        DatasetCatalogue catalogue,
        SplitOptions options,
        IReadOnlyList<LabeledImage> train,
        IReadOnlyList<LabeledImage> validation,
        IReadOnlyList<LabeledImage> test)
    {
        Catalogue = catalogue;
        Seed = options.Seed;
        ValidationFraction = options.ValidationFraction;
        Strategy = options.Strategy;
        Train = train;
        Validation = validation;
        Test = test;
    }

    /// <summary>The catalogue this split was made from (root folder and digests).</summary>
    public DatasetCatalogue Catalogue { get; }

    /// <summary>The seed used.</summary>
    public int Seed { get; }

    /// <summary>The validation fraction asked for.</summary>
    public double ValidationFraction { get; }

    /// <summary>The strategy used.</summary>
    public SplitStrategy Strategy { get; }

    /// <summary>Training images (split <see cref="DataSplit.Train"/>), in ordinal order of relative path.</summary>
    public IReadOnlyList<LabeledImage> Train { get; }

    /// <summary>Validation images (split <see cref="DataSplit.Validation"/>), in ordinal order of relative path.</summary>
    public IReadOnlyList<LabeledImage> Validation { get; }

    /// <summary>Test images (split <see cref="DataSplit.Test"/>): the whole test archive.</summary>
    public IReadOnlyList<LabeledImage> Test { get; }

    /// <summary>All images: train, then validation, then test.</summary>
    public IEnumerable<LabeledImage> All => Train.Concat(Validation).Concat(Test);

    /// <summary>Writes the manifest as CSV: header <c>path,split,label,label_name,hand</c>, one row per image.</summary>
    /// <param name="path">The file to write (its folder is created).</param>
    public void WriteManifestCsv(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var text = new StringBuilder("path,split,label,label_name,hand\n");
        foreach (var image in All)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{Csv(image.RelativePath)},{SplitName(image.Split)},{image.Label},{image.LabelName},{Csv(image.Hand)}\n");
        }

        WriteText(path, text.ToString());
    }

    /// <summary>
    /// Writes the manifest as JSON: the split settings, the data set digests, the counts and one entry per
    /// image (<c>path</c>, <c>split</c>, <c>label</c>, <c>label_name</c>, <c>hand</c>).
    /// </summary>
    /// <param name="path">The file to write (its folder is created).</param>
    public void WriteManifestJson(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var manifest = new
        {
            Seed,
            ValidationFraction,
            Strategy = Strategy.ToString(),
            Labels = RpsLabels.Names,
            TrainDigest = Catalogue.TrainDigest,
            TestDigest = Catalogue.TestDigest,
            Counts = new { Train = Train.Count, Validation = Validation.Count, Test = Test.Count },
            Images = All.Select(i => new { Path = i.RelativePath, Split = SplitName(i.Split), i.Label, i.LabelName, i.Hand }),
        };
        var json = JsonSerializer.Serialize(manifest, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        });
        WriteText(path, json + "\n");
    }

    internal static string SplitName(DataSplit split) => split switch
    {
        DataSplit.Train => "train",
        DataSplit.Validation => "validation",
        DataSplit.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Allowed: Train, Validation, Test."),
    };

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static void WriteText(string path, string text)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, text, new UTF8Encoding(false));
    }
}
