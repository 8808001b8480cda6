using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RpsVision.Core.Inference;
using RpsVision.Core.Preprocessing;
using RpsVision.Serving.Contracts;
using RpsVision.Serving.Models;
using RpsVision.Serving.Requests;

namespace RpsVision.Serving.Endpoints;

/// <summary>
/// TF Serving's REST API, so clients written for the original project's TF Serving container work unchanged:
/// model status, metadata and predict. Errors are <c>{"error": "..."}</c>, as TF Serving answers.
/// </summary>
internal static class TfServingEndpoints
{
    public const string Tag = "TF Serving";

    public static IEndpointRouteBuilder MapTfServingEndpoints(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/v1/models").WithTags(Tag);
        group.MapGet("/{name}", GetStatus)
            .WithName("TfServingModelStatus")
            .WithSummary("Model version status (TF Serving)");
        group.MapGet("/{name}/metadata", GetMetadata)
            .WithName("TfServingModelMetadata")
            .WithSummary("Model signature (TF Serving)");
        group.MapPost("/{name}:predict", Predict)
            .WithName("TfServingPredict")
            .WithSummary("Predict (TF Serving): instances are tensors of the model's input shape [3, H, W] or {\"b64\": image bytes}")
            .WithJsonBody<TfPredictRequest>()
            .Produces<ProtocolError>(StatusCodes.Status400BadRequest)
            .Produces<ProtocolError>(StatusCodes.Status404NotFound)
            .RequireRateLimiting(RateLimitPolicies.Inference);
        return routes;
    }

    internal static Results<Ok<TfModelStatusResponse>, JsonHttpResult<ProtocolError>> GetStatus(string name, ModelHost host)
    {
        if (Find(host, name) is { } error)
        {
            return error;
        }
        LoadedModel model = host.Current!;
        return TypedResults.Ok(new TfModelStatusResponse(
            [new TfModelVersionStatus(model.Version, "AVAILABLE", new TfStatus("OK", ""), model.Info.ParentVersion)]));
    }

    internal static Results<Ok<TfModelMetadataResponse>, JsonHttpResult<ProtocolError>> GetMetadata(string name, ModelHost host)
    {
        if (Find(host, name) is { } error)
        {
            return error;
        }
        LoadedModel model = host.Current!;
        int size = model.Info.InputSize;
        var signature = new
        {
            signature_def = new
            {
                serving_default = new
                {
                    inputs = new { input = new { dtype = "DT_FLOAT", tensor_shape = new long[] { -1, 3, size, size } } },
                    outputs = new { probabilities = new { dtype = "DT_FLOAT", tensor_shape = new long[] { -1, model.Labels.Count } } },
                    method_name = "tensorflow/serving/predict",
                },
            },
            labels = model.Labels,
        };
        return TypedResults.Ok(new TfModelMetadataResponse(new TfModelSpec(model.Name, "serving_default", model.Version), signature));
    }

    internal static async Task<Results<Ok<TfPredictResponse>, Ok<TfPredictColumnarResponse>, JsonHttpResult<ProtocolError>>> Predict(
        string name, HttpRequest request, ModelHost host, Classification classification, IOptions<ServingOptions> options,
        CancellationToken cancellationToken)
    {
        if (Find(host, name) is { } notFound)
        {
            return notFound;
        }
        ServingOptions limits = options.Value;
        return await ProtocolInference.RunAsync<TfPredictRequest, Results<Ok<TfPredictResponse>, Ok<TfPredictColumnarResponse>, JsonHttpResult<ProtocolError>>>(
            request, host, limits.MaxRequestBodyBytes,
            body => TfPredictRequest.Parse(ParseJson(body), limits.MaxBatchSize),
            (predict, lease) =>
            {
                IReadOnlyList<Prediction> predictions = Run(predict.Items, lease, classification);
                IReadOnlyList<IReadOnlyList<float>> rows = predictions.Select(p => p.Probabilities).ToArray();
                return predict.Columnar ? TypedResults.Ok(new TfPredictColumnarResponse(rows)) : TypedResults.Ok(new TfPredictResponse(rows));
            },
            error => error, cancellationToken);
    }

    /// <summary>A parsed predict body: its items and whether they came columnar; owns the JSON document they live in.</summary>
    private sealed record TfPredictRequest(JsonDocument Document, JsonElement Items, bool Columnar) : IDisposable
    {
        public static TfPredictRequest Parse(JsonDocument document, int maxBatch)
        {
            try
            {
                (JsonElement items, bool columnar) = TfServingEndpoints.Items(document.RootElement, maxBatch);
                return new TfPredictRequest(document, items, columnar);
            }
            catch
            {
                document.Dispose();
                throw;
            }
        }

        public void Dispose() => Document.Dispose();
    }

    private static JsonHttpResult<ProtocolError>? Find(ModelHost host, string name)
    {
        LoadedModel? model = host.Current;
        if (model is null)
        {
            return ErrorResults.ProtocolModelNotReady();
        }
        return string.Equals(model.Name, name, StringComparison.Ordinal)
            ? null
            : ErrorResults.Protocol(StatusCodes.Status404NotFound, $"Servable not found for request: Latest({name})");
    }

    private static JsonDocument ParseJson(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw Invalid($"The body is not valid JSON: {e.Message}");
        }
    }

    private static (JsonElement Items, bool Columnar) Items(JsonElement root, int maxBatch)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The body must be a JSON object with \"instances\" or \"inputs\".");
        }
        bool hasInstances = root.TryGetProperty("instances", out JsonElement instances);
        bool hasInputs = root.TryGetProperty("inputs", out JsonElement inputs);
        if (hasInstances == hasInputs)
        {
            throw Invalid("The body must hold exactly one of \"instances\" (row format) or \"inputs\" (columnar format).");
        }
        JsonElement items = hasInstances ? instances : inputs;
        if (items.ValueKind == JsonValueKind.Object && items.EnumerateObject().Count() == 1)
        {
            items = items.EnumerateObject().First().Value; // columnar, named: {"inputs": {"input": [...]}}
        }
        if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
        {
            throw Invalid($"\"{(hasInstances ? "instances" : "inputs")}\" must be a non-empty list, one item per image.");
        }
        if (items.GetArrayLength() > maxBatch)
        {
            throw Invalid($"{items.GetArrayLength()} images in one request; at most {maxBatch} (Serving:MaxBatchSize).");
        }
        return (items, !hasInstances);
    }

    private static IReadOnlyList<Prediction> Run(JsonElement items, ModelLease lease, Classification classification)
    {
        var list = items.EnumerateArray().Select(Unwrap).ToArray();
        if (list.All(IsEncodedImage))
        {
            byte[][] images = list.Select((item, i) => DecodeBase64(item.GetProperty("b64"), $"instance {i}")).ToArray();
            return classification.ClassifyImages(lease, images, "tfserving");
        }
        if (list.Any(IsEncodedImage))
        {
            throw Invalid("Instances mix {\"b64\": ...} images and tensors; send one kind per request.");
        }
        int size = lease.Model.Info.InputSize;
        int[] shape = [3, size, size];
        int perImage = 3 * size * size;
        var tensor = new float[perImage * list.Length];
        for (int i = 0; i < list.Length; i++)
        {
            if (JsonTensor.ReadNested(list[i], shape, tensor.AsSpan(i * perImage, perImage)) is { } error)
            {
                throw Invalid($"Instance {i} must be a tensor of shape [3, {size}, {size}] (channels, height, width, " +
                              $"preprocessed) or {{\"b64\": \"<image bytes>\"}}: {error}");
            }
        }
        return classification.ClassifyTensor(lease, tensor, list.Length, "tfserving");
    }

    /// <summary>A named instance, <c>{"image": value}</c>, is its value; <c>{"b64": ...}</c> stays as is.</summary>
    private static JsonElement Unwrap(JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.Object && !item.TryGetProperty("b64", out _))
        {
            JsonProperty[] all = item.EnumerateObject().ToArray();
            if (all.Length == 1)
            {
                return all[0].Value;
            }
        }
        return item;
    }

    private static bool IsEncodedImage(JsonElement item) => item.ValueKind == JsonValueKind.Object && item.TryGetProperty("b64", out _);

    internal static byte[] DecodeBase64(JsonElement value, string what)
    {
        if (value.ValueKind == JsonValueKind.String && value.TryGetBytesFromBase64(out byte[]? bytes))
        {
            return bytes;
        }
        throw Invalid($"{what}: the image must be a base64 string.");
    }

    private static RequestRefusedException Invalid(string message) => new(StatusCodes.Status400BadRequest, "Invalid argument", message);
}
