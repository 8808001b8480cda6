using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace RpsVision.Tests.TestSupport;

/// <summary>
/// A still picture as a .y4m video, the format chromium's fake camera plays in a loop: a YUV4MPEG2 text header, then
/// frames of raw YUV 4:2:0 (a full-size Y plane, then U and V at half width and height, rounded up).
/// </summary>
internal static class FakeCamera
{
    /// <summary>One second at 25 frames per second, as a camera would deliver it.</summary>
    private const int FrameCount = 25;

    /// <summary>Writes <paramref name="picture"/> as a video into <paramref name="folder"/> and returns its path.</summary>
    public static string VideoFrom(string picture, string folder)
    {
        Directory.CreateDirectory(folder);
        var video = Path.Combine(folder, Path.GetFileNameWithoutExtension(picture) + ".y4m");
        using var image = Image.Load<Rgb24>(picture);
        using var file = File.Create(video);
        WriteY4m(image, file, FrameCount);
        return video;
    }

    /// <summary>Writes <paramref name="frames"/> copies of <paramref name="image"/> as a YUV4MPEG2 stream.</summary>
    public static void WriteY4m(Image<Rgb24> image, Stream output, int frames)
    {
        // Ip: progressive; A1:1: square pixels; C420jpeg: 4:2:0 with chroma centred between luma samples.
        output.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{image.Width} H{image.Height} F25:1 Ip A1:1 C420jpeg\n"));
        byte[] frame = ToYuv420(image);
        for (int i = 0; i < frames; i++)
        {
            output.Write("FRAME\n"u8);
            output.Write(frame);
        }
    }

    /// <summary>
    /// The Y, U and V planes of one frame, with BT.601's limited-range coefficients (luma 16–235, chroma 16–240),
    /// which chromium assumes for I420. Each chroma sample is the mean of up to four pixels' chroma.
    /// </summary>
    public static byte[] ToYuv420(Image<Rgb24> image)
    {
        int width = image.Width, height = image.Height;
        int chromaWidth = (width + 1) / 2, chromaHeight = (height + 1) / 2;
        var pixels = new Rgb24[width * height];
        image.CopyPixelDataTo(pixels);
        var planes = new byte[width * height + 2 * chromaWidth * chromaHeight];
        Span<byte> y = planes.AsSpan(0, width * height);
        Span<byte> u = planes.AsSpan(width * height, chromaWidth * chromaHeight);
        Span<byte> v = planes.AsSpan(width * height + chromaWidth * chromaHeight);
        for (int i = 0; i < pixels.Length; i++)
        {
            Rgb24 p = pixels[i];
            y[i] = Clamp(16 + (65.481 * p.R + 128.553 * p.G + 24.966 * p.B) / 255);
        }
        for (int cy = 0; cy < chromaHeight; cy++)
        {
            for (int cx = 0; cx < chromaWidth; cx++)
            {
                double cb = 0, cr = 0;
                int count = 0;
                for (int row = 2 * cy; row < Math.Min(2 * cy + 2, height); row++)
                {
                    for (int col = 2 * cx; col < Math.Min(2 * cx + 2, width); col++)
                    {
                        Rgb24 p = pixels[row * width + col];
                        cb += (-37.797 * p.R - 74.203 * p.G + 112.0 * p.B) / 255;
                        cr += (112.0 * p.R - 93.786 * p.G - 18.214 * p.B) / 255;
                        count++;
                    }
                }
                u[cy * chromaWidth + cx] = Clamp(128 + cb / count);
                v[cy * chromaWidth + cx] = Clamp(128 + cr / count);
            }
        }
        return planes;
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
