using RpsVision.Core.Data;

namespace RpsVision.Core.Training;

/// <summary>
/// What a run was started with beyond its <see cref="TrainingOptions"/> and preprocessing: the split and the data
/// it was trained on. Saved in every checkpoint, so that a resumed run continues on the same split of the same data.
/// </summary>
public sealed record RunConfiguration
{
    /// <summary>The strategy of the train/validation split.</summary>
    public required SplitStrategy SplitStrategy { get; init; }

    /// <summary>The seed of the train/validation split.</summary>
    public required int SplitSeed { get; init; }

    /// <summary>The share of the training images held out for validation.</summary>
    public required double ValidationFraction { get; init; }

    /// <summary>The digests of the data set's splits ("train", "test"), as in the model's metadata.</summary>
    public required IReadOnlyDictionary<string, string> DatasetDigests { get; init; }

    /// <summary>The split options this configuration was started with.</summary>
    public SplitOptions ToSplitOptions() =>
        new() { Strategy = SplitStrategy, Seed = SplitSeed, ValidationFraction = ValidationFraction };
}
