namespace RpsVision.Tests.TestSupport;

/// <summary>
/// Waits for something the code under test does in the background (a file watcher, a server taking a request):
/// polls a condition until it holds, and fails the test when it still does not hold at the deadline. A deadline,
/// not a fixed delay, so that a busy machine makes the test slower, never wrong.
/// </summary>
internal static class Eventually
{
    /// <summary>The deadline when a test names none: long, as it only matters when the awaited event never comes.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test with <paramref name="what"/> at the deadline.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? DefaultTimeout;
        DateTime deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Not seen within {limit.TotalSeconds:0.#} s: {what}.");
            }
            await Task.Delay(PollInterval);
        }
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, string, TimeSpan?)"/>
    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, timeout);
}
