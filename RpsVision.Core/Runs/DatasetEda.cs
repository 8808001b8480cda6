using System.Text.Json;
using RpsVision.Core.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkiaSharp;

namespace RpsVision.Core.Runs;

/// <summary>
/// The exploratory data analysis of the original project: class counts per split, image sizes and colour
/// modes, and a grid of sample images per class.
/// </summary>
public static class DatasetEda
{
    /// <summary>File name of the JSON summary: <c>eda.json</c>.</summary>
    public const string SummaryFileName = "eda.json";

    /// <summary>File name of the sample grid: <c>eda_samples.png</c>.</summary>
    public const string SamplesFileName = "eda_samples.png";

    /// <summary>
    /// Analyses the images and writes <see cref="SummaryFileName"/> and <see cref="SamplesFileName"/> into
    /// <paramref name="outputDir"/>. Sizes and modes come from the file headers (ImageSharp Identify); the
    /// grid has one row per class (rock, paper, scissors) of non-test images spread evenly over the sorted files.
    /// </summary>
    /// <param name="images">The images, e.g. <see cref="DatasetCatalogue.Images"/> or <see cref="DatasetSplit.All"/>.</param>
    /// <param name="outputDir">Folder for the two files (created if needed).</param>
    /// <param name="options">Grid settings; null for the defaults.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException">No images, or an option is out of range.</exception>
    public static EdaSummary Run(IEnumerable<LabeledImage> images, string outputDir, EdaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDir);
        options ??= new EdaOptions();
        options.Validate();
        var list = images.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("There are no images to analyse.", nameof(images));
        }

        Directory.CreateDirectory(outputDir);
        var sizes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var modes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var image in list)
        {
            var info = Image.Identify(image.Path)
                ?? throw new InvalidDataException($"'{image.RelativePath}' is not an image ImageSharp can read.");
            Increment(sizes, $"{info.Width}x{info.Height}");
            Increment(modes, ColorMode(info));
        }

        var samples = ChooseSamples(list, options.SamplesPerClass);
        var samplesPath = Path.Combine(outputDir, SamplesFileName);
        WriteGrid(samples, options, samplesPath);

        var summary = new EdaSummary
        {
            Counts = CountBySplitAndClass(list),
            ImageSizes = sizes,
            ColorModes = modes,
            TotalImages = list.Count,
            SampleFiles = samples.SelectMany(row => row).Select(i => i.RelativePath).ToArray(),
            SummaryPath = Path.Combine(outputDir, SummaryFileName),
            SamplesImagePath = samplesPath,
        };
        WriteSummaryJson(summary);
        return summary;
    }

    // Utf8JsonWriter rather than reflection-based serialization: it also works in trimmed and AOT hosts.
    private static void WriteSummaryJson(EdaSummary summary)
    {
        using var stream = File.Create(summary.SummaryPath);
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("total_images", summary.TotalImages);
            json.WriteStartObject("counts");
            foreach (var (split, perClass) in summary.Counts)
            {
                WriteCounts(json, split, perClass);
            }

            json.WriteEndObject();
            WriteCounts(json, "image_sizes", summary.ImageSizes);
            WriteCounts(json, "color_modes", summary.ColorModes);
            json.WriteString("samples_image", SamplesFileName);
            json.WriteStartArray("sample_files");
            foreach (var file in summary.SampleFiles)
            {
                json.WriteStringValue(file);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, int> counts)
    {
        json.WriteStartObject(name);
        foreach (var (key, count) in counts)
        {
            json.WriteNumber(key, count);
        }

        json.WriteEndObject();
    }

    private static Dictionary<string, IReadOnlyDictionary<string, int>> CountBySplitAndClass(List<LabeledImage> images)
    {
        var counts = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var split in Enum.GetValues<DataSplit>().Where(s => images.Any(i => i.Split == s)))
        {
            counts[DatasetSplit.SplitName(split)] = RpsLabels.Names
                .Select((name, label) => (name, count: images.Count(i => i.Split == split && i.Label == label)))
                .ToDictionary(x => x.name, x => x.count, StringComparer.Ordinal);
        }

        return counts;
    }

    internal static string ColorMode(IImageInfo info)
    {
        var png = info.Metadata.GetPngMetadata();
        var mode = png.ColorType switch
        {
            PngColorType.Grayscale => "L",
            PngColorType.GrayscaleWithAlpha => "LA",
            PngColorType.Rgb => "RGB",
            PngColorType.RgbWithAlpha => "RGBA",
            PngColorType.Palette => "P",
            _ => $"{info.PixelType.BitsPerPixel}bpp",
        };
        return png.BitDepth == PngBitDepth.Bit16 ? mode + ";16" : mode;
    }

    private static List<List<LabeledImage>> ChooseSamples(List<LabeledImage> images, int perClass)
    {
        // Non-test images only, so that the test split is not looked at; evenly spaced over the sorted
        // files, so that the row shows several hands rather than consecutive frames of one.
        var pool = images.Any(i => i.Split != DataSplit.Test) ? images.Where(i => i.Split != DataSplit.Test).ToList() : images;
        return Enumerable.Range(0, RpsLabels.Count)
            .Select(label =>
            {
                var ofClass = pool.Where(i => i.Label == label).OrderBy(i => i.RelativePath, StringComparer.Ordinal).ToList();
                var take = Math.Min(perClass, ofClass.Count);
                return Enumerable.Range(0, take).Select(k => ofClass[(int)((long)k * ofClass.Count / take)]).ToList();
            })
            .ToList();
    }

    private static void WriteGrid(List<List<LabeledImage>> rows, EdaOptions options, string path)
    {
        const int gap = 2;
        var tile = options.TileSize;
        var columns = Math.Max(1, rows.Max(r => r.Count));
        using var grid = new Image<Rgba32>(
            LabelWidth + gap + columns * (tile + gap), gap + rows.Count * (tile + gap), new Rgba32(255, 255, 255, 255));
        for (var row = 0; row < rows.Count; row++)
        {
            for (var column = 0; column < rows[row].Count; column++)
            {
                using var sample = Image.Load<Rgba32>(rows[row][column].Path);
                sample.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(tile, tile), Mode = ResizeMode.Max }));
                var at = new Point(
                    LabelWidth + gap + column * (tile + gap) + (tile - sample.Width) / 2,
                    gap + row * (tile + gap) + (tile - sample.Height) / 2);
                grid.Mutate(x => x.DrawImage(sample, at, 1f));
            }
        }

        using var png = new MemoryStream();
        grid.SaveAsPng(png, new PngEncoder { ColorType = PngColorType.Rgb });
        File.WriteAllBytes(path, WithRowLabels(png.ToArray(), tile, gap));
    }

    private const int LabelWidth = 90;

    // ImageSharp alone has no text; the class name of each row is drawn with SkiaSharp and the report's font.
    private static byte[] WithRowLabels(byte[] png, int tile, int gap)
    {
        using var bitmap = SKBitmap.Decode(png);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var font = new SKFont(ReportCharts.Typeface ?? SKTypeface.Default, Math.Clamp(tile / 4f, 11, 18));
            using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            for (var label = 0; label < RpsLabels.Count; label++)
            {
                float middle = gap + label * (tile + gap) + tile / 2f + font.Size / 3;
                canvas.DrawText(RpsLabels.NameOf(label), LabelWidth - 8, middle, SKTextAlign.Right, font, ink);
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    private static void Increment(SortedDictionary<string, int> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
}
