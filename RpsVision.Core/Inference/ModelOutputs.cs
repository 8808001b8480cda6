namespace RpsVision.Core.Inference;

/// <summary>
/// Names of the outputs a served model must have. Inference reads them and the exporter writes them, so a model
/// file is whatever inference defines here, whichever tool produced it.
/// </summary>
public static class ModelOutputs
{
    /// <summary>Name of the logits output, [batch, classes] float.</summary>
    public const string Logits = "logits";

    /// <summary>Name of the probabilities output (softmax over classes), [batch, classes] float.</summary>
    public const string Probabilities = "probabilities";
}
