using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RpsVision.Core.Data;

/// <summary>
/// The digest that identifies a set of images (<see cref="DatasetCatalogue.TrainDigest"/>,
/// <see cref="LabeledImageFolder.Digest"/>): SHA-256 (hex) over, for each image in the given order, its relative
/// path in UTF-8, a zero byte, its length (64-bit little-endian) and its bytes.
/// </summary>
internal static class ImageSetDigest
{
    /// <param name="images">The images, in the order that defines the set (callers sort by relative path).</param>
    /// <param name="inspect">Sees each image's bytes as they are read, so that a caller checks them without reading twice.</param>
    public static string Compute(IEnumerable<LabeledImage> images, Action<LabeledImage, byte[]>? inspect = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (LabeledImage image in images)
        {
            byte[] bytes = File.ReadAllBytes(image.Path);
            inspect?.Invoke(image, bytes);
            hash.AppendData(Encoding.UTF8.GetBytes(image.RelativePath));
            hash.AppendData([0]);
            BinaryPrimitives.WriteInt64LittleEndian(length, bytes.LongLength);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
