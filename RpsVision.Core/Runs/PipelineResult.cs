using RpsVision.Core.Training;

namespace RpsVision.Core.Runs;

/// <summary>The outcome of a training job run.</summary>
/// <param name="RunFolder">The run's output folder.</param>
/// <param name="ValidationAccuracy">Validation accuracy of the kept weights, 0..1 (NaN without validation).</param>
/// <param name="TestAccuracy">Test accuracy of the kept weights, 0..1; null when the job did not evaluate on test.</param>
/// <param name="OnnxMaxAbsDiff">Largest difference between ONNX Runtime and TorchSharp outputs; null when not exported.</param>
/// <param name="WallSeconds">Wall time of this job (after --resume, of the resumed segment only; metrics.json: segment_wall_seconds).</param>
/// <param name="Device">The device trained on (<c>cpu</c> or <c>cuda</c>).</param>
public sealed record PipelineResult(
    string RunFolder, double ValidationAccuracy, double? TestAccuracy, double? OnnxMaxAbsDiff, double WallSeconds, string Device);
