using Microsoft.AspNetCore.Http.HttpResults;
using RpsVision.Core.Preprocessing;
using RpsVision.Serving.Contracts;
using RpsVision.Serving.Models;
using RpsVision.Serving.Requests;

namespace RpsVision.Serving.Endpoints;

/// <summary>
/// What the TF Serving and KServe predict routes share: read the body within its limit, parse it, lease the model
/// and run it. A refused request or image becomes the protocol's error body; no model loaded, a 503.
/// </summary>
internal static class ProtocolInference
{
    /// <param name="parse">Parses and checks the body; throws <see cref="RequestRefusedException"/> when it is refused.
    /// A parsed request that is <see cref="IDisposable"/> is disposed after <paramref name="infer"/>.</param>
    /// <param name="infer">Runs the leased model on the parsed request and shapes the protocol's answer.</param>
    /// <param name="error">Turns a protocol error into the route's result type.</param>
    public static async Task<TResult> RunAsync<TRequest, TResult>(HttpRequest request, ModelHost host, long maxBodyBytes,
        Func<byte[], TRequest> parse, Func<TRequest, ModelLease, TResult> infer, Func<JsonHttpResult<ProtocolError>, TResult> error,
        CancellationToken cancellationToken)
    {
        try
        {
            byte[] body = await RequestBodyReader.ReadBytesAsync(request, maxBodyBytes, cancellationToken);
            TRequest parsed = parse(body);
            using (parsed as IDisposable)
            {
                using ModelLease? lease = host.TryAcquire();
                return lease is null ? error(ErrorResults.ProtocolModelNotReady()) : infer(parsed, lease);
            }
        }
        catch (RequestRefusedException e)
        {
            return error(ErrorResults.Protocol(e));
        }
        catch (InvalidImageException e)
        {
            return error(ErrorResults.Protocol(e));
        }
    }
}
