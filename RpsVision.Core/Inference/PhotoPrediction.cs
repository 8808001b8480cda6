namespace RpsVision.Core.Inference;

/// <summary>The model's answer for one labelled photo.</summary>
/// <param name="RelativePath">The photo's path inside its folder (<c>&lt;label&gt;/&lt;file&gt;</c>).</param>
/// <param name="Path">The photo's absolute path.</param>
/// <param name="Label">The true label, as an index into the model's labels.</param>
/// <param name="Predicted">The predicted label, as an index into the model's labels.</param>
/// <param name="Confidence">The probability of the predicted label.</param>
public sealed record PhotoPrediction(string RelativePath, string Path, int Label, int Predicted, float Confidence)
{
    /// <summary>Whether the prediction is the true label.</summary>
    public bool IsCorrect => Label == Predicted;
}
