using RpsVision.Core.Inference;

namespace RpsVision.Core.Export;

/// <summary>Options of <see cref="OnnxExporter.Export"/>.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>ONNX opset of the default domain. Default 17; allowed 17 to 21.</summary>
    public int Opset { get; init; } = 17;

    /// <summary>
    /// Largest accepted absolute difference between the probabilities of ONNX Runtime and of TorchSharp (eval
    /// mode) on the verification batch. Default 1e-5; allowed (0, 1].
    /// </summary>
    public double MaxAbsDiff { get; init; } = 1e-5;

    /// <summary>
    /// Fold each batch norm that directly follows a convolution into the convolution's weights and bias (fewer
    /// nodes, faster inference). Default true.
    /// </summary>
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>Name of the graph's input. Default "input".</summary>
    public string InputName { get; init; } = "input";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad value when an option is out of range.</summary>
    public void Validate()
    {
        if (Opset is < 17 or > 21)
        {
            throw new ArgumentOutOfRangeException(nameof(Opset), Opset, "Opset must be between 17 and 21.");
        }
        if (!(MaxAbsDiff is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAbsDiff), MaxAbsDiff, "MaxAbsDiff must be in (0, 1].");
        }
        if (string.IsNullOrWhiteSpace(InputName) || InputName is ModelOutputs.Logits or ModelOutputs.Probabilities)
        {
            throw new ArgumentOutOfRangeException(nameof(InputName), InputName,
                $"InputName must be a non-empty name other than '{ModelOutputs.Logits}' and '{ModelOutputs.Probabilities}'.");
        }
    }
}
