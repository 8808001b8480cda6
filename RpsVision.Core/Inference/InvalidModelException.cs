namespace RpsVision.Core.Inference;

/// <summary>A model file that cannot be served: not an ONNX model, or without the metadata or shapes serving needs.</summary>
public sealed class InvalidModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="message">What is wrong with it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public InvalidModelException(string modelPath, string message, Exception? innerException = null)
        : base($"Model '{modelPath}' cannot be served: {message}", innerException)
    {
        ModelPath = modelPath;
    }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }
}
