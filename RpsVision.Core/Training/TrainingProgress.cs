namespace RpsVision.Core.Training;

/// <summary>Progress of a training run, reported after every batch and after every epoch.</summary>
/// <param name="Epoch">1-based epoch in progress.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Completed">The finished epoch's metrics once the epoch (and its validation) is done; null during the epoch.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, EpochMetrics? Completed);
