using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RpsVision.Serving.Requests;

namespace RpsVision.Serving.Hosting;

/// <summary>
/// The concurrency limit of the routes that run the model: <see cref="ServingOptions.MaxConcurrentRequests"/>
/// permits, <see cref="ServingOptions.QueueLimit"/> requests waiting, oldest first. The rate-limiting middleware
/// creates the limiter through <see cref="CreateLimiter"/> (again after disposing an idle one); this keeps the
/// latest, so that the host can say how many permits are held.
/// </summary>
internal sealed class InferenceConcurrency(IOptions<ServingOptions> options)
{
    private ConcurrencyLimiter? _limiter;

    /// <summary>Requests holding a permit now: running, or reading their body before they run.</summary>
    public int Running
    {
        get
        {
            ConcurrencyLimiter? limiter = Volatile.Read(ref _limiter);
            try
            {
                return limiter?.GetStatistics() is { } statistics
                    ? options.Value.MaxConcurrentRequests - (int)statistics.CurrentAvailablePermits
                    : 0;
            }
            catch (ObjectDisposedException)
            {
                // The middleware disposes a limiter that has been idle for a while: nothing runs.
                return 0;
            }
        }
    }

    public ConcurrencyLimiter CreateLimiter()
    {
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.MaxConcurrentRequests,
            QueueLimit = options.Value.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        Volatile.Write(ref _limiter, limiter);
        return limiter;
    }
}
