using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace RpsVision.Tests.TestSupport;

/// <summary>Hand-made bad image files, one per kind of refusal.</summary>
internal static class BadImageFiles
{
    /// <summary>The first half of an uncompressed 64x64 noise PNG.</summary>
    public static byte[] Truncated()
    {
        using var image = Noise(64, 64);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream, new PngEncoder { CompressionLevel = PngCompressionLevel.NoCompression });
        return stream.ToArray()[..(int)(stream.Length / 2)];
    }

    /// <summary>A valid TGA image (a format ImageSharp reads but the limits do not allow).</summary>
    public static byte[] Tga()
    {
        using var image = Noise(8, 8);
        using var stream = new MemoryStream();
        image.SaveAsTga(stream);
        return stream.ToArray();
    }

    /// <summary>A small PNG whose header (with a correct CRC) claims <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] PngWithSize(int width, int height)
    {
        using var image = Noise(4, 4);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        byte[] png = stream.ToArray();
        // Signature (8), IHDR length (4), "IHDR" (4), width, height, 5 more bytes, then the CRC of type + data.
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>A two-frame animated GIF.</summary>
    public static byte[] AnimatedGif()
    {
        using var image = new Image<Rgba32>(8, 8, new Rgba32(255, 0, 0, 255));
        using var second = new Image<Rgba32>(8, 8, new Rgba32(0, 0, 255, 255));
        image.Frames.AddFrame(second.Frames.RootFrame);
        using var stream = new MemoryStream();
        image.SaveAsGif(stream, new GifEncoder());
        return stream.ToArray();
    }

    /// <summary>An opaque image of random pixels (seed 1): it barely compresses, so its PNG is about 4 bytes a pixel.</summary>
    public static Image<Rgba32> Noise(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);
        var random = new Random(1);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 255);
            }
        }
        return image;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }
        return ~crc;
    }
}
