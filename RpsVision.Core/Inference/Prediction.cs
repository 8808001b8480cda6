namespace RpsVision.Core.Inference;

/// <summary>The classifier's answer for one image.</summary>
/// <param name="Label">The most probable class's label.</param>
/// <param name="Index">The most probable class's index (into the model's labels).</param>
/// <param name="Probabilities">Every class's probability, in the order of the model's labels; they sum to 1.</param>
public sealed record Prediction(string Label, int Index, IReadOnlyList<float> Probabilities)
{
    /// <summary>The probability of <see cref="Label"/>.</summary>
    public float Confidence => Probabilities[Index];
}
