using System.Buffers.Binary;

namespace RpsVision.Core.Preprocessing;

/// <summary>
/// Finds files cut short, which ImageSharp 2.x decodes without complaint (the missing rows come out grey): a
/// PNG whose chunks do not run intact up to its IEND chunk is truncated. Other formats are not checked.
/// </summary>
internal static class TruncationCheck
{
    private const int PngSignatureLength = 8;

    /// <summary>True when the data is a PNG that ends before its IEND chunk.</summary>
    public static bool IsTruncated(ReadOnlySpan<byte> data, string formatName)
    {
        if (!formatName.Equals("PNG", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        // Each chunk: length (4, big-endian), type (4), data, CRC (4).
        long position = PngSignatureLength;
        while (position + 8 <= data.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[(int)position..]);
            long end = position + 12 + length;
            if (end > data.Length)
            {
                return true;
            }
            if (data.Slice((int)position + 4, 4).SequenceEqual("IEND"u8))
            {
                return false;
            }
            position = end;
        }
        return true;
    }
}
