using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RpsVision.Core.Inference;
using RpsVision.Core.Preprocessing;
using RpsVision.Serving.Contracts;
using RpsVision.Serving.Models;
using RpsVision.Serving.Requests;

namespace RpsVision.Serving.Endpoints;

/// <summary>Our own routes: <c>POST /predict</c> (the main one) and <c>GET /model</c>.</summary>
internal static class PredictEndpoints
{
    public const string Tag = "Predict";

    public static IEndpointRouteBuilder MapPredictEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/predict", Predict)
            .WithName("Predict")
            .WithSummary("Classify one image")
            .WithDescription("Body: the raw image (image/png, image/jpeg, ...) or multipart/form-data with one image file. " +
                "Answers the label, its index, every class probability and the model's name and version.")
            .WithImageBody([.. RequestBodyReader.ImageMediaTypes, "multipart/form-data"])
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(RateLimitPolicies.Inference)
            .DisableAntiforgery()
            .WithTags(Tag);

        routes.MapGet("/model", DescribeModel)
            .WithName("GetModel")
            .WithSummary("The model being served: name, version, labels, input size")
            .WithTags(Tag);
        return routes;
    }

    internal static async Task<Results<Ok<PredictResponse>, ProblemHttpResult>> Predict(
        HttpContext context, ModelHost host, Classification classification, IOptions<ServingOptions> options,
        CancellationToken cancellationToken)
    {
        PooledBytes image;
        try
        {
            image = await RequestBodyReader.ReadImageAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        }
        catch (RequestRefusedException e)
        {
            return ErrorResults.Problem(e);
        }
        using PooledBytes body = image;

        using ModelLease? lease = host.TryAcquire();
        if (lease is null)
        {
            return ErrorResults.ModelNotReady(context, options.Value.RetryAfterSeconds);
        }
        try
        {
            Prediction prediction = classification.Classify(lease, body.Span, "predict", out double elapsedMs);
            return TypedResults.Ok(PredictResponse.Of(prediction, lease.Model, elapsedMs));
        }
        catch (InvalidImageException e)
        {
            return ErrorResults.Problem(e);
        }
    }

    internal static Results<Ok<ModelDescription>, ProblemHttpResult> DescribeModel(
        HttpContext context, ModelHost host, IOptions<ServingOptions> options) =>
        host.Current is { } model
            ? TypedResults.Ok(ModelDescription.Of(model))
            : ErrorResults.ModelNotReady(context, options.Value.RetryAfterSeconds);
}
