namespace RpsVision.Core.Modeling;

/// <summary>Architecture of <see cref="RpsNet"/>. Saved with every checkpoint and forced from it on resume.</summary>
public sealed record RpsNetOptions
{
    /// <summary>Number of classes. Default 3 (rock, paper, scissors); at least 2.</summary>
    public int NumClasses { get; init; } = 3;

    /// <summary>
    /// Channels of each stage; each stage is two 3x3 conv + batch norm + ReLU blocks followed by a 2x2 max pool.
    /// Default [32, 64, 128] (about 290k parameters). One to six stages, each 1 to 1024 channels.
    /// </summary>
    public IReadOnlyList<int> StageChannels { get; init; } = [32, 64, 128];

    /// <summary>Dropout before the classifier. Default 0.2; allowed [0, 1).</summary>
    public double Dropout { get; init; } = 0.2;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad value when an option is out of range.</summary>
    public void Validate()
    {
        if (NumClasses < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(NumClasses), NumClasses, "NumClasses must be at least 2.");
        }
        if (StageChannels.Count is < 1 or > 6 || StageChannels.Any(c => c is < 1 or > 1024))
        {
            throw new ArgumentOutOfRangeException(nameof(StageChannels), string.Join(",", StageChannels),
                "StageChannels needs 1 to 6 stages of 1 to 1024 channels.");
        }
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        }
    }
}
