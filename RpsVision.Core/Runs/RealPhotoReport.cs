using RpsVision.Core.Inference;

namespace RpsVision.Core.Runs;

/// <summary>A real-photo evaluation and the folder its report was written to.</summary>
/// <param name="Evaluation">The scores, the misclassified and the skipped files.</param>
/// <param name="Folder">The folder holding its <c>metrics.json</c>, <c>report.md</c> and <c>misclassified.png</c>.</param>
public sealed record RealPhotoReport(PhotoEvaluation Evaluation, string Folder);
