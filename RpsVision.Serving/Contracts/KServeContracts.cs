using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpsVision.Serving.Contracts;

/// <summary><c>GET /v2/health/live</c>: <c>{"live": true}</c>.</summary>
internal sealed record V2LiveResponse(bool Live);

/// <summary><c>GET /v2/health/ready</c>: <c>{"ready": true}</c>.</summary>
internal sealed record V2ReadyResponse(bool Ready);

/// <summary><c>GET /v2/models/{name}/ready</c>: <c>{"name": ..., "ready": true}</c>.</summary>
internal sealed record V2ModelReadyResponse(string Name, bool Ready);

/// <summary>
/// Open Inference Protocol model metadata; its optional <c>parameters</c> hold <c>parent_version</c> for a taught
/// model (absent otherwise).
/// </summary>
internal sealed record V2ModelMetadataResponse(
    string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<V2TensorMetadata> Inputs,
    IReadOnlyList<V2TensorMetadata> Outputs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Parameters = null);

/// <summary>A tensor's name, datatype and shape (-1: any size).</summary>
internal sealed record V2TensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape);

/// <summary>Open Inference Protocol inference request.</summary>
internal sealed record V2InferenceRequest(string? Id, IReadOnlyList<V2InputTensor>? Inputs, IReadOnlyList<V2RequestedOutput>? Outputs);

/// <summary>
/// An input tensor: <c>FP32</c> with <c>shape [N, 3, H, W]</c> and the (flat or nested) values, or <c>BYTES</c>
/// with <c>shape [N]</c> and base64-encoded image files.
/// </summary>
internal sealed record V2InputTensor(string? Name, IReadOnlyList<long>? Shape, string? Datatype, JsonElement Data);

/// <summary>An output asked for by name.</summary>
internal sealed record V2RequestedOutput(string? Name);

/// <summary>Open Inference Protocol inference response.</summary>
internal sealed record V2InferenceResponse(string ModelName, string ModelVersion, string? Id, IReadOnlyList<V2OutputTensor> Outputs);

/// <summary>An output tensor; <c>data</c> is flat, in row-major order.</summary>
internal sealed record V2OutputTensor(string Name, IReadOnlyList<long> Shape, string Datatype, object Data);
