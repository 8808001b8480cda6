using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RpsVision.Core.Inference;
using RpsVision.Core.Preprocessing;
using RpsVision.Serving.Contracts;
using RpsVision.Serving.Gateway;
using RpsVision.Serving.Models;
using RpsVision.Serving.Requests;

namespace RpsVision.Serving.Endpoints;

/// <summary>
/// The original project's gateway contract, <c>{"url": ...}</c> → <c>{"predicted_class", "predicted_prob"}</c>.
/// Off by default (fetching user-given URLs is a server-side request forgery risk); see <see cref="GatewayOptions"/>.
/// </summary>
internal static class GatewayEndpoints
{
    public const string Tag = "Gateway";

    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/gateway/predict", PredictFromUrl)
            .WithName("PredictFromUrl")
            .WithSummary("Classify the image at a URL (the original gateway's contract; off unless Gateway:Enabled)")
            .WithDescription("Body: {\"url\": \"https://...\"}. Only http/https URLs on Gateway:AllowedHosts that resolve to " +
                "public addresses are fetched, redirects included, within Gateway:MaxImageBytes and Gateway:Timeout.")
            .WithJsonBody<GatewayRequest>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireRateLimiting(RateLimitPolicies.Inference)
            .WithTags(Tag);
        return routes;
    }

    internal static async Task<Results<Ok<GatewayResponse>, ProblemHttpResult>> PredictFromUrl(
        HttpContext context, ModelHost host, Classification classification, SafeImageFetcher fetcher,
        IOptions<GatewayOptions> gateway, IOptions<ServingOptions> serving, CancellationToken cancellationToken)
    {
        if (!gateway.Value.Enabled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Fetching images by URL is off",
                detail: "This server does not fetch images by URL. POST the image itself to /predict, or have the operator " +
                        "turn the gateway on with Gateway:Enabled=true and Gateway:AllowedHosts (e.g. Gateway__Enabled=true " +
                        "Gateway__AllowedHosts__0=images.example.com).");
        }
        byte[] image;
        try
        {
            byte[] body = await RequestBodyReader.ReadBytesAsync(context.Request, serving.Value.MaxRequestBodyBytes, cancellationToken);
            image = await fetcher.FetchAsync(ParseUrl(body), cancellationToken);
        }
        catch (RequestRefusedException e)
        {
            return ErrorResults.Problem(e);
        }

        using ModelLease? lease = host.TryAcquire();
        if (lease is null)
        {
            return ErrorResults.ModelNotReady(context, serving.Value.RetryAfterSeconds);
        }
        try
        {
            Prediction prediction = classification.Classify(lease, image, "gateway", out _);
            return TypedResults.Ok(new GatewayResponse(prediction.Label, prediction.Probabilities[prediction.Index],
                PredictResponse.ProbabilitiesByLabel(prediction, lease.Model.Labels)));
        }
        catch (InvalidImageException e)
        {
            return ErrorResults.Problem(e);
        }
    }

    private static string ParseUrl(byte[] body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("url", out JsonElement url) && url.ValueKind == JsonValueKind.String)
            {
                return url.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Answered below like any other body without a URL.
        }
        throw new RequestRefusedException(StatusCodes.Status400BadRequest, "No URL",
            "The body must be JSON of the form {\"url\": \"https://...\"}.");
    }
}
