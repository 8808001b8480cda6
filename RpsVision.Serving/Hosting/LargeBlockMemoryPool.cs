using RpsVision.Serving.Requests;
using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace RpsVision.Serving.Hosting;

/// <summary>
/// Gives Kestrel a memory pool of <see cref="ServingOptions.ReceiveBlockBytes"/> blocks in place of its 4 KB ones.
/// Kestrel receives into one pool block per socket read, and each read wakes the request's body reader on the thread
/// pool: an 80 KB photo took about 38 reads per request, and takes about 4 with 64 KB blocks (docs/BENCHMARKS.md).
/// </summary>
internal sealed class LargeBlockMemoryPoolFactory(int blockBytes) : IMemoryPoolFactory<byte>
{
    private int created;

    /// <summary>Pools made so far (Kestrel's socket transport makes one when it binds).</summary>
    public int Created => Volatile.Read(ref created);

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        Interlocked.Increment(ref created);
        return new LargeBlockMemoryPool(blockBytes);
    }
}

/// <summary>
/// Pinned arrays of one size (a socket pins what it receives into), reused. At most <see cref="RetainedBytes"/> of
/// free blocks are kept; blocks returned past that go to the garbage collector, so a burst does not pin memory for good.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>Free blocks kept for reuse, in bytes: enough for a few hundred requests being read at once.</summary>
    public const int RetainedBytes = 32 * 1024 * 1024;

    private readonly int blockBytes;
    private readonly int maxRetainedBlocks;
    private readonly ConcurrentQueue<byte[]> free = new();
    private int retained;
    private volatile bool disposed;

    public LargeBlockMemoryPool(int blockBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 1);
        this.blockBytes = blockBytes;
        maxRetainedBlocks = Math.Max(1, RetainedBytes / blockBytes);
    }

    public override int MaxBufferSize => blockBytes;

    /// <summary>A whole block, whatever smaller size is asked for (a pipe uses all of the memory it rents).</summary>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, blockBytes);
        if (free.TryDequeue(out byte[]? array))
        {
            Interlocked.Decrement(ref retained);
        }
        return new Block(this, array ?? GC.AllocateUninitializedArray<byte>(blockBytes, pinned: true));
    }

    protected override void Dispose(bool disposing)
    {
        disposed = true;
        free.Clear();
    }

    private void Return(byte[] array)
    {
        if (disposed)
        {
            return;
        }
        if (Interlocked.Increment(ref retained) <= maxRetainedBlocks)
        {
            free.Enqueue(array);
        }
        else
        {
            Interlocked.Decrement(ref retained);
        }
    }

    private sealed class Block(LargeBlockMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? array = array;

        public Memory<byte> Memory => array ?? throw new ObjectDisposedException(nameof(Block));

        /// <summary>Returns the block to the pool once, however often it is called.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref array, null) is { } returned)
            {
                pool.Return(returned);
            }
        }
    }
}
