using System.Buffers;

namespace RpsVision.Serving.Requests;

/// <summary>Reads a stream of unknown length into memory, refusing it as soon as it passes a size limit.</summary>
internal static class LimitedStreamReader
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// All of <paramref name="stream"/>; throws what <paramref name="tooLarge"/> makes once more than
    /// <paramref name="maxBytes"/> have arrived, without reading (or keeping) the rest.
    /// </summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream, long maxBytes, Func<Exception> tooLarge,
        CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw tooLarge();
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }
}
