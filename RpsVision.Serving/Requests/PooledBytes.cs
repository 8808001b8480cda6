using System.Buffers;

namespace RpsVision.Serving.Requests;

/// <summary>
/// A request body held in a pooled array: the photos are around 80 KB, just past the large object heap's
/// threshold, so a fresh array per request would cost a gen-2 collection every few hundred requests.
/// </summary>
internal sealed class PooledBytes : IDisposable
{
    private byte[]? _array;
    private readonly bool _pooled;

    private PooledBytes(byte[] array, int length, bool pooled)
    {
        _array = array;
        Length = length;
        _pooled = pooled;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => (_array ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsSpan(0, Length);

    /// <summary>An array of at least <paramref name="length"/> bytes from the shared pool.</summary>
    public static PooledBytes Rent(int length) => new(ArrayPool<byte>.Shared.Rent(length), length, pooled: true);

    /// <summary>Wraps an array that was not rented.</summary>
    public static PooledBytes Wrap(byte[] array) => new(array, array.Length, pooled: false);

    /// <summary>The rented array, to fill; only the first <see cref="Length"/> bytes count.</summary>
    public Memory<byte> Memory => (_array ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsMemory(0, Length);

    public void Dispose()
    {
        byte[]? array = Interlocked.Exchange(ref _array, null);
        if (array is not null && _pooled)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
