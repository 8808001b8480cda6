namespace RpsVision.Core.Training;

/// <summary>
/// A training step computed a loss that is not finite (NaN or infinity). The run stops at the end of that epoch
/// without writing a checkpoint or a model from it; the previous epoch's checkpoint, if any, is left as it was.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for the first non-finite step of <paramref name="epoch"/>.</summary>
    public TrainingDivergedException(int epoch, int batch, int batchesPerEpoch)
        : base($"Training diverged: the loss of epoch {epoch}, batch {batch} of {batchesPerEpoch} is not finite (NaN or infinity). " +
               "Nothing was saved from this epoch; the last checkpoint holds the epoch before it. " +
               "Try a lower learning rate (--lr), or report it with the run's config.json if it happens with the defaults.")
    {
        Epoch = epoch;
        Batch = batch;
    }

    /// <summary>The epoch (from 1) whose step diverged.</summary>
    public int Epoch { get; }

    /// <summary>The first batch (from 1) of <see cref="Epoch"/> whose loss was not finite.</summary>
    public int Batch { get; }
}
