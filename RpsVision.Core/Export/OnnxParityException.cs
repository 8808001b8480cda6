namespace RpsVision.Core.Export;

/// <summary>The exported graph does not compute what the TorchSharp model computes; no file was written.</summary>
public sealed class OnnxParityException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="maxAbsDiff">The measured largest absolute difference of probabilities.</param>
    /// <param name="tolerance">The accepted largest difference.</param>
    public OnnxParityException(double maxAbsDiff, double tolerance)
        : base($"ONNX Runtime and TorchSharp disagree: the largest absolute difference of probabilities is {maxAbsDiff:G3}, " +
               $"above the accepted {tolerance:G3}. The model was not written.")
    {
        MaxAbsDiff = maxAbsDiff;
        Tolerance = tolerance;
    }

    /// <summary>The measured largest absolute difference of probabilities.</summary>
    public double MaxAbsDiff { get; }

    /// <summary>The accepted largest difference.</summary>
    public double Tolerance { get; }
}
