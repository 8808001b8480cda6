using System.Buffers.Binary;

namespace RpsVision.Core.Preprocessing;

/// <summary>
/// Counts the frames of GIF, APNG and WebP files from their block structure, without decoding pixels, so an
/// animation can be refused before its frames are allocated (ImageSharp 2.x's Identify does not report them).
/// </summary>
internal static class FrameCounter
{
    private const int GifHeaderLength = 13;

    /// <summary>The number of frames, or 1 when the format has no frames of its own or cannot be parsed.</summary>
    public static int Count(ReadOnlySpan<byte> data, string formatName) => formatName.ToUpperInvariant() switch
    {
        "GIF" => CountGif(data),
        "PNG" => CountPng(data),
        "WEBP" => IsAnimatedWebp(data) ? int.MaxValue : 1,
        _ => 1,
    };

    private static int CountGif(ReadOnlySpan<byte> data)
    {
        if (data.Length < GifHeaderLength)
        {
            return 1;
        }
        int position = GifHeaderLength + ColorTableLength(data[10]);
        int frames = 0;
        while (position < data.Length)
        {
            switch (data[position])
            {
                case 0x21: // extension: label, then data sub-blocks
                    position = SkipSubBlocks(data, position + 2);
                    break;
                case 0x2C: // image descriptor: 9 bytes, optional local colour table, LZW code size, sub-blocks
                    frames++;
                    if (position + 10 > data.Length)
                    {
                        return Math.Max(frames, 1);
                    }
                    position += 10 + ColorTableLength(data[position + 9]);
                    position = SkipSubBlocks(data, position + 1);
                    break;
                default: // 0x3B trailer, or damage: either way, stop counting
                    return Math.Max(frames, 1);
            }
        }
        return Math.Max(frames, 1);
    }

    private static int ColorTableLength(byte packed) => (packed & 0x80) == 0 ? 0 : 3 * (1 << ((packed & 0x07) + 1));

    private static int SkipSubBlocks(ReadOnlySpan<byte> data, int position)
    {
        while (position < data.Length)
        {
            int size = data[position];
            position += 1 + size;
            if (size == 0)
            {
                break;
            }
        }
        return position;
    }

    private static int CountPng(ReadOnlySpan<byte> data)
    {
        // Chunks follow the 8-byte signature: length (big-endian), type, data, CRC. APNG declares its frame
        // count in an acTL chunk, which must come before the first IDAT.
        int position = 8;
        while (position + 8 <= data.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            ReadOnlySpan<byte> type = data.Slice(position + 4, 4);
            if (type.SequenceEqual("acTL"u8) && position + 12 <= data.Length)
            {
                uint frames = BinaryPrimitives.ReadUInt32BigEndian(data[(position + 8)..]);
                return frames > int.MaxValue ? int.MaxValue : Math.Max(1, (int)frames);
            }
            if (type.SequenceEqual("IDAT"u8) || length > int.MaxValue - 12)
            {
                return 1;
            }
            position += 12 + (int)length;
        }
        return 1;
    }

    private static bool IsAnimatedWebp(ReadOnlySpan<byte> data)
    {
        const byte AnimationFlag = 0x02;
        return data.Length > 20 && data.Slice(12, 4).SequenceEqual("VP8X"u8) && (data[20] & AnimationFlag) != 0;
    }
}
