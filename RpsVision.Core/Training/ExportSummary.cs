namespace RpsVision.Core.Training;

/// <summary>What the ONNX export of a run produced.</summary>
/// <param name="Path">The model file.</param>
/// <param name="MaxAbsDiff">Largest difference between ONNX Runtime's and TorchSharp's outputs on the verification images.</param>
/// <param name="VerifiedImages">Number of images compared.</param>
public sealed record ExportSummary(string Path, double MaxAbsDiff, int VerifiedImages);
