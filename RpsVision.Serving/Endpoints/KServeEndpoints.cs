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
/// KServe's Open Inference Protocol (v2) REST API: server health, model metadata and readiness, inference with an
/// FP32 tensor or BYTES (encoded images). Errors are <c>{"error": "..."}</c>, as the protocol defines.
/// </summary>
internal static class KServeEndpoints
{
    public const string Tag = "KServe v2";
    private const string ProbabilitiesOutput = "probabilities";
    private const string LabelOutput = "label";

    public static IEndpointRouteBuilder MapKServeEndpoints(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder v2 = routes.MapGroup("/v2").WithTags(Tag);
        v2.MapGet("/health/live", () => TypedResults.Ok(new V2LiveResponse(true)))
            .WithName("V2Live").WithSummary("Liveness: the process answers");
        v2.MapGet("/health/ready", Ready)
            .WithName("V2Ready").WithSummary("Readiness: a model is loaded (503 until then)");
        v2.MapGet("/models/{name}", Metadata)
            .WithName("V2ModelMetadata").WithSummary("Model metadata: versions, platform, input and output tensors");
        v2.MapGet("/models/{name}/ready", ModelReady)
            .WithName("V2ModelReady").WithSummary("Model readiness");
        v2.MapPost("/models/{name}/infer", Infer)
            .WithName("V2Infer")
            .WithSummary("Inference: FP32 input of shape [N, 3, H, W] (preprocessed) or BYTES input of shape [N] (base64 image files)")
            .WithJsonBody<V2InferenceRequest>()
            .Produces<ProtocolError>(StatusCodes.Status400BadRequest)
            .Produces<ProtocolError>(StatusCodes.Status404NotFound)
            .RequireRateLimiting(RateLimitPolicies.Inference);
        return routes;
    }

    internal static Results<Ok<V2ReadyResponse>, JsonHttpResult<V2ReadyResponse>> Ready(ModelHost host) =>
        host.IsReady
            ? TypedResults.Ok(new V2ReadyResponse(true))
            : TypedResults.Json(new V2ReadyResponse(false), statusCode: StatusCodes.Status503ServiceUnavailable);

    internal static Results<Ok<V2ModelReadyResponse>, JsonHttpResult<V2ModelReadyResponse>, JsonHttpResult<ProtocolError>> ModelReady(
        string name, ModelHost host)
    {
        LoadedModel? model = host.Current;
        if (model is null)
        {
            return TypedResults.Json(new V2ModelReadyResponse(name, false), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        return model.Name == name ? TypedResults.Ok(new V2ModelReadyResponse(name, true)) : NotFound(name);
    }

    internal static Results<Ok<V2ModelMetadataResponse>, JsonHttpResult<ProtocolError>> Metadata(string name, ModelHost host)
    {
        if (Find(host, name) is { } error)
        {
            return error;
        }
        LoadedModel model = host.Current!;
        int size = model.Info.InputSize;
        return TypedResults.Ok(new V2ModelMetadataResponse(model.Name, [model.Version], "onnxruntime_onnx",
            [new V2TensorMetadata("input", "FP32", [-1, 3, size, size]), new V2TensorMetadata("image", "BYTES", [-1])],
            [new V2TensorMetadata(ProbabilitiesOutput, "FP32", [-1, model.Labels.Count]), new V2TensorMetadata(LabelOutput, "BYTES", [-1])],
            model.Info.ParentVersion is { } parent ? new Dictionary<string, string> { ["parent_version"] = parent } : null));
    }

    internal static async Task<Results<Ok<V2InferenceResponse>, JsonHttpResult<ProtocolError>>> Infer(
        string name, HttpRequest request, ModelHost host, Classification classification, IOptions<ServingOptions> options,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        if (Find(host, name) is { } notFound)
        {
            return notFound;
        }
        return await ProtocolInference.RunAsync<(V2InferenceRequest Inference, V2InputTensor Input, string[] Outputs), Results<Ok<V2InferenceResponse>, JsonHttpResult<ProtocolError>>>(
            request, host, options.Value.MaxRequestBodyBytes,
            body =>
            {
                V2InferenceRequest inference = Parse(body, json.Value.SerializerOptions);
                return (inference, SingleInput(inference), RequestedOutputs(inference));
            },
            (parsed, lease) =>
            {
                IReadOnlyList<Prediction> predictions = Run(parsed.Input, lease, classification, options.Value.MaxBatchSize);
                return TypedResults.Ok(new V2InferenceResponse(lease.Model.Name, lease.Model.Version, parsed.Inference.Id,
                    parsed.Outputs.Select(output => Output(output, predictions, lease.Model.Labels.Count)).ToArray()));
            },
            error => error, cancellationToken);
    }

    private static JsonHttpResult<ProtocolError>? Find(ModelHost host, string name)
    {
        LoadedModel? model = host.Current;
        if (model is null)
        {
            return ErrorResults.ProtocolModelNotReady();
        }
        return model.Name == name ? null : NotFound(name);
    }

    private static JsonHttpResult<ProtocolError> NotFound(string name) =>
        ErrorResults.Protocol(StatusCodes.Status404NotFound, $"Model '{name}' is not served here.");

    private static V2InferenceRequest Parse(byte[] body, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<V2InferenceRequest>(body, options) ?? throw Invalid("The body is JSON null.");
        }
        catch (JsonException e)
        {
            throw Invalid($"The body is not a valid inference request: {e.Message}");
        }
    }

    private static V2InputTensor SingleInput(V2InferenceRequest request)
    {
        if (request.Inputs is not { Count: 1 } inputs)
        {
            throw Invalid($"The request must have exactly one input (it has {request.Inputs?.Count ?? 0}): FP32 \"input\" " +
                          "of shape [N, 3, H, W] or BYTES \"image\" of shape [N].");
        }
        V2InputTensor input = inputs[0];
        if (input.Shape is null || input.Shape.Count == 0 || input.Shape.Any(d => d < 0))
        {
            throw Invalid($"Input '{input.Name}' needs a shape of non-negative sizes.");
        }
        return input;
    }

    private static string[] RequestedOutputs(V2InferenceRequest request)
    {
        if (request.Outputs is not { Count: > 0 } requested)
        {
            return [ProbabilitiesOutput, LabelOutput];
        }
        string[] names = requested.Select(o => o.Name ?? "").ToArray();
        string? unknown = names.FirstOrDefault(n => n is not (ProbabilitiesOutput or LabelOutput));
        return unknown is null
            ? names
            : throw Invalid($"Unknown output '{unknown}'; the outputs are '{ProbabilitiesOutput}' and '{LabelOutput}'.");
    }

    private static IReadOnlyList<Prediction> Run(V2InputTensor input, ModelLease lease, Classification classification, int maxBatch)
    {
        long count = input.Shape![0];
        if (count < 1 || count > maxBatch)
        {
            throw Invalid($"The batch size is {count}; it must be 1 to {maxBatch} (Serving:MaxBatchSize).");
        }
        switch (input.Datatype?.ToUpperInvariant())
        {
            case "FP32":
                int size = lease.Model.Info.InputSize;
                if (!input.Shape.SequenceEqual([count, 3, size, size]))
                {
                    throw Invalid($"FP32 input shape is [{string.Join(", ", input.Shape)}]; expected [N, 3, {size}, {size}].");
                }
                var tensor = new float[count * 3 * size * size];
                if (JsonTensor.ReadFlattened(input.Data, tensor) is { } error)
                {
                    throw Invalid($"FP32 input: {error}");
                }
                return classification.ClassifyTensor(lease, tensor, (int)count, "kserve");
            case "BYTES":
                byte[][] images = ReadImages(input, (int)count);
                return classification.ClassifyImages(lease, images, "kserve");
            default:
                throw Invalid($"Input datatype '{input.Datatype}' is not supported; use FP32 (a preprocessed tensor) or BYTES (image files).");
        }
    }

    private static byte[][] ReadImages(V2InputTensor input, int count)
    {
        IReadOnlyList<long> shape = input.Shape!;
        if (shape.Skip(1).Any(d => d != 1))
        {
            throw Invalid($"BYTES input shape is [{string.Join(", ", shape)}]; expected [N] with one image file per element.");
        }
        JsonElement data = input.Data;
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("BYTES input data must be a list of base64 strings.");
        }
        List<JsonElement> items = [];
        Collect(data, items);
        if (items.Count != count)
        {
            throw Invalid($"BYTES input data holds {items.Count} elements; the shape says {count}.");
        }
        return items.Select((item, i) => TfServingEndpoints.DecodeBase64(item, $"element {i}")).ToArray();
    }

    private static void Collect(JsonElement element, List<JsonElement> items)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            items.Add(element);
            return;
        }
        foreach (JsonElement item in element.EnumerateArray())
        {
            Collect(item, items);
        }
    }

    private static V2OutputTensor Output(string name, IReadOnlyList<Prediction> predictions, int classes) => name == LabelOutput
        ? new V2OutputTensor(LabelOutput, [predictions.Count], "BYTES", predictions.Select(p => p.Label).ToArray())
        : new V2OutputTensor(ProbabilitiesOutput, [predictions.Count, classes], "FP32", predictions.SelectMany(p => p.Probabilities).ToArray());

    private static RequestRefusedException Invalid(string message) => new(StatusCodes.Status400BadRequest, "Invalid inference request", message);
}
