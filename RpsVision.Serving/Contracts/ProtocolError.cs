namespace RpsVision.Serving.Contracts;

/// <summary>The error body of TF Serving's and KServe's REST APIs: <c>{"error": "..."}</c>.</summary>
internal sealed record ProtocolError(string Error);
