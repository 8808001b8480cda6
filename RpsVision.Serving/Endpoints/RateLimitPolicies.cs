namespace RpsVision.Serving.Endpoints;

/// <summary>Names of the rate-limiting policies the endpoints require; the host configures them.</summary>
internal static class RateLimitPolicies
{
    /// <summary>The policy of every route that runs the model: a concurrency limit with a bounded queue.</summary>
    public const string Inference = "inference";
}
