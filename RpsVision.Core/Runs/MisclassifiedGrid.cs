using System.Runtime.InteropServices;
using SkiaSharp;

namespace RpsVision.Core.Runs;

/// <summary>Draws images in a grid, each enlarged and captioned (e.g. "true rock → paper"), as PNG.</summary>
internal static class MisclassifiedGrid
{
    private const int Columns = 8;
    private const int Tile = 112;
    private const int Caption = 34;

    public static byte[] Render(IReadOnlyList<(byte[] Rgb, int Size, string Caption)> images, string title)
    {
        int rows = Math.Max(1, (images.Count + Columns - 1) / Columns);
        int width = Columns * Tile, height = 40 + rows * (Tile + Caption);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(ReportCharts.Typeface, 13);
        using var titleFont = new SKFont(ReportCharts.Typeface, 18);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(images.Count == 0 ? $"{title}: none" : title, 8, 26, SKTextAlign.Left, titleFont, ink);
        for (int i = 0; i < images.Count; i++)
        {
            var (rgb, size, caption) = images[i];
            float x = i % Columns * Tile, y = 40 + i / Columns * (Tile + Caption);
            using var image = ToImage(rgb, size);
            canvas.DrawImage(image, new SKRect(x + 4, y, x + Tile - 4, y + Tile - 8), new SKSamplingOptions(SKFilterMode.Nearest));
            canvas.DrawText(caption, x + Tile / 2f, y + Tile + 10, SKTextAlign.Center, font, ink);
        }
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static SKImage ToImage(byte[] rgb, int size)
    {
        var rgba = new byte[size * size * 4];
        for (int p = 0; p < size * size; p++)
        {
            rgba[p * 4] = rgb[p * 3];
            rgba[p * 4 + 1] = rgb[p * 3 + 1];
            rgba[p * 4 + 2] = rgb[p * 3 + 2];
            rgba[p * 4 + 3] = 255;
        }
        var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), size * 4);
            return SKImage.FromPixelCopy(pixmap);
        }
        finally
        {
            handle.Free();
        }
    }
}
