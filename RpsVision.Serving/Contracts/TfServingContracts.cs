using System.Text.Json.Serialization;

namespace RpsVision.Serving.Contracts;

/// <summary>TF Serving's <c>GET /v1/models/{name}</c> answer.</summary>
internal sealed record TfModelStatusResponse(IReadOnlyList<TfModelVersionStatus> ModelVersionStatus);

/// <summary>
/// One version's state, e.g. <c>{"version": "3", "state": "AVAILABLE", "status": {...}}</c>, and for a taught model the
/// version it was taught from (<c>parent_version</c>, absent otherwise).
/// </summary>
internal sealed record TfModelVersionStatus(string Version, string State, TfStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ParentVersion = null);

/// <summary><c>{"error_code": "OK", "error_message": ""}</c>.</summary>
internal sealed record TfStatus(string ErrorCode, string ErrorMessage);

/// <summary>TF Serving's <c>GET /v1/models/{name}/metadata</c> answer (the signature, in JSON form).</summary>
internal sealed record TfModelMetadataResponse(TfModelSpec ModelSpec, object Metadata);

/// <summary><c>{"name", "signature_name", "version"}</c>.</summary>
internal sealed record TfModelSpec(string Name, string SignatureName, string Version);

/// <summary>
/// TF Serving's predict request: <c>instances</c> (row format) or <c>inputs</c> (columnar), each image a
/// tensor of the model's input shape without the batch axis, or <c>{"b64": "..."}</c> encoded image bytes.
/// </summary>
internal sealed record TfPredictRequest(string? SignatureName, System.Text.Json.JsonElement? Instances, System.Text.Json.JsonElement? Inputs);

/// <summary>Row-format answer: <c>{"predictions": [[p_rock, p_paper, p_scissors], ...]}</c>.</summary>
internal sealed record TfPredictResponse(IReadOnlyList<IReadOnlyList<float>> Predictions);

/// <summary>Columnar answer (to an <c>inputs</c> request): <c>{"outputs": [[...], ...]}</c>.</summary>
internal sealed record TfPredictColumnarResponse(IReadOnlyList<IReadOnlyList<float>> Outputs);
