namespace RpsVision.Core.Data;

/// <summary>How the training archive is split into train and validation.</summary>
public sealed class SplitOptions
{
    /// <summary>Seed of the split; the same seed gives the same files on every machine. Default 42, any value.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Share of each class's training images moved to validation. Default 0.15, range 0 (no validation) to below 1.</summary>
    public double ValidationFraction { get; set; } = 0.15;

    /// <summary>Default <see cref="SplitStrategy.Stratified"/>; <see cref="SplitStrategy.HoldOutHands"/> holds out whole hands.</summary>
    public SplitStrategy Strategy { get; set; } = SplitStrategy.Stratified;

    /// <summary>Checks every value; the message names the bad value and the allowed ones.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
        {
            throw new ArgumentException($"ValidationFraction {ValidationFraction} is out of range; allowed 0 <= fraction < 1.");
        }

        if (!Enum.IsDefined(Strategy))
        {
            throw new ArgumentException($"Strategy (--split) {Strategy} is unknown; allowed: {string.Join(", ", Enum.GetNames<SplitStrategy>())}.");
        }
    }
}
