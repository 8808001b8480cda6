namespace RpsVision.Core.Export;

/// <summary>What <see cref="OnnxExporter.Export"/> wrote and measured.</summary>
/// <param name="Path">Full path of the written model file.</param>
/// <param name="MaxAbsDiff">Largest absolute difference of probabilities between ONNX Runtime and TorchSharp on the verification batch.</param>
/// <param name="VerifiedImages">Number of images in the verification batch.</param>
public sealed record OnnxExportResult(string Path, double MaxAbsDiff, int VerifiedImages);
