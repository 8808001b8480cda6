namespace RpsVision.Core.Data;

/// <summary>How the validation images are chosen from the training archive.</summary>
public enum SplitStrategy
{
    /// <summary>A seeded random sample of each class (the default): the same fraction of every class.</summary>
    Stratified,

    /// <summary>
    /// Whole hands are held out (per class, the number of hands closest to the fraction: one of seven), so no
    /// hand model appears in both train and validation.
    /// </summary>
    HoldOutHands,
}
