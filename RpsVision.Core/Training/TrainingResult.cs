namespace RpsVision.Core.Training;

/// <summary>The outcome of <see cref="Trainer.Fit"/>.</summary>
/// <param name="History">Every epoch's metrics, the resumed ones included.</param>
/// <param name="SelectedEpoch">The epoch whose weights the trainer's model holds now (see <see cref="CheckpointSelection"/>).</param>
/// <param name="BestValidationEpoch">The epoch with the best validation accuracy (0 without validation).</param>
/// <param name="BestValidationAccuracy">Its validation accuracy (NaN without validation).</param>
/// <param name="CheckpointPath">The last epoch's checkpoint.</param>
public sealed record TrainingResult(
    IReadOnlyList<EpochMetrics> History,
    int SelectedEpoch,
    int BestValidationEpoch,
    double BestValidationAccuracy,
    string CheckpointPath);
