using ScottPlot;
using SkiaSharp;

namespace RpsVision.Core.Runs;

/// <summary>
/// DejaVu Sans from this assembly's resources, as a ScottPlot font resolver for <see cref="ReportCharts.FontFamily"/>.
/// Every style (bold titles included) gets the one regular face, so no request falls through to system fonts.
/// </summary>
internal sealed class EmbeddedFont : IFontResolver
{
    private const string ResourceName = "RpsVision.Core.Runs.Fonts.DejaVuSans.ttf";

    private readonly SKData _data;

    private EmbeddedFont(SKData data)
    {
        _data = data;
        Typeface = SKTypeface.FromData(data) ?? throw new InvalidDataException($"The embedded font {ResourceName} is not a font SkiaSharp reads.");
    }

    /// <summary>One shared instance, for text drawn with SkiaSharp directly.</summary>
    public SKTypeface Typeface { get; }

    public static EmbeddedFont Load()
    {
        using Stream stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"RpsVision.Core was built without its font resource {ResourceName}.");
        return new EmbeddedFont(SKData.Create(stream));
    }

    // A new instance per call, as ScottPlot's own resolvers return, since the caller may dispose it.
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        fontName == ReportCharts.FontFamily ? SKTypeface.FromData(_data) : null;

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
        CreateTypeface(fontName, bold: false, italic: false);
}
