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

    private DatasetSplit(DatasetSplit split, LabeledImageFolder extra, IReadOnlyList<LabeledImage> extraTrain, IReadOnlyList<LabeledImage> extraValidation)
    {
        Catalogue = split.Catalogue;
        Seed = split.Seed;
        ValidationFraction = split.ValidationFraction;
        Strategy = split.Strategy;
        Train = [.. split.Train, .. extraTrain];
        Validation = [.. split.Validation, .. extraValidation];
        Test = split.Test;
        Extra = extra;
        ExtraTrain = extraTrain;
        ExtraValidation = extraValidation;
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

    /// <summary>The folder of extra labelled images that joined train and validation (see <see cref="WithExtra"/>); null when none.</summary>
    public LabeledImageFolder? Extra { get; }

    /// <summary>The extra images in <see cref="Train"/> (its last ones); empty without <see cref="Extra"/>.</summary>
    public IReadOnlyList<LabeledImage> ExtraTrain { get; } = [];

    /// <summary>The extra images in <see cref="Validation"/> (its last ones); empty without <see cref="Extra"/>.</summary>
    public IReadOnlyList<LabeledImage> ExtraValidation { get; } = [];

    /// <summary>
    /// Adds a folder of extra labelled images (e.g. a user's own photos) to this split: each label's images are split
    /// into train and validation like the training archive's (stratified, the same validation fraction and seed) and
    /// appended to <see cref="Train"/> and <see cref="Validation"/>, their relative paths prefixed <c>extra/</c>.
    /// </summary>
    /// <param name="extra">The folder, read by <see cref="LabeledImageFolder.Read"/>.</param>
    /// <returns>A new split; this one is unchanged.</returns>
    /// <exception cref="InvalidOperationException">This split already has extra images.</exception>
    public DatasetSplit WithExtra(LabeledImageFolder extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        if (Extra is not null)
        {
            throw new InvalidOperationException($"This split already has extra images from '{Extra.Root}'.");
        }
        var (train, validation) = Splitter.SplitExtra(extra, ValidationFraction, Seed);
        return new DatasetSplit(this, extra, train, validation);
    }

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
        CreateFolderOf(path);
        using var stream = File.Create(path);
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("seed", Seed);
            json.WriteNumber("validation_fraction", ValidationFraction);
            json.WriteString("strategy", Strategy.ToString());
            json.WriteStartArray("labels");
            foreach (var name in RpsLabels.Names)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteString("train_digest", Catalogue.TrainDigest);
            json.WriteString("test_digest", Catalogue.TestDigest);
            if (Extra is not null)
            {
                json.WriteString("extra_folder", Extra.Root);
                json.WriteString("extra_digest", Extra.Digest);
            }
            json.WriteStartObject("counts");
            json.WriteNumber("train", Train.Count);
            json.WriteNumber("validation", Validation.Count);
            json.WriteNumber("test", Test.Count);
            json.WriteEndObject();
            json.WriteStartArray("images");
            foreach (var image in All)
            {
                json.WriteStartObject();
                json.WriteString("path", image.RelativePath);
                json.WriteString("split", SplitName(image.Split));
                json.WriteNumber("label", image.Label);
                json.WriteString("label_name", image.LabelName);
                json.WriteString("hand", image.Hand);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
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
        CreateFolderOf(path);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    private static void CreateFolderOf(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
