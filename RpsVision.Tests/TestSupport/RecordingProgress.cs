using System.Collections.Concurrent;

namespace RpsVision.Tests.TestSupport;

/// <summary>An <see cref="IProgress{T}"/> that records reports synchronously (Progress&lt;T&gt; posts them later).</summary>
internal sealed class RecordingProgress<T> : IProgress<T>
{
    public ConcurrentQueue<T> Reports { get; } = new();

    public void Report(T value) => Reports.Enqueue(value);
}
