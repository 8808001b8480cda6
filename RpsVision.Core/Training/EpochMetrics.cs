namespace RpsVision.Core.Training;

/// <summary>What one epoch of training measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss (label-smoothed cross-entropy, on augmented images).</param>
/// <param name="TrainAccuracy">Accuracy on the augmented training batches, 0..1.</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation images (no smoothing); NaN without validation.</param>
/// <param name="ValidationAccuracy">Validation accuracy, 0..1; NaN without validation.</param>
/// <param name="LearningRate">Learning rate of the epoch's last step.</param>
/// <param name="Seconds">Wall time of the training pass (validation excluded).</param>
/// <param name="ImagesPerSecond">Training images per second of the training pass.</param>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    double Seconds,
    double ImagesPerSecond);
