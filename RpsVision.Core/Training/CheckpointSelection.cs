namespace RpsVision.Core.Training;

/// <summary>Which epoch's weights a run keeps, evaluates on test and exports.</summary>
public enum CheckpointSelection
{
    /// <summary>
    /// The last epoch of the cosine schedule (the default). On this data validation accuracy sits at 99–100 %
    /// from early epochs and barely ranks epochs, while the learning rate has annealed to near zero by the last one.
    /// </summary>
    Last,

    /// <summary>The epoch with the highest validation accuracy (ties: lower validation loss, then the later epoch).</summary>
    BestValidation,
}
