using RpsVision.Core.Modeling;

namespace RpsVision.Core.Training;

/// <summary>
/// How the CNN is trained. Saved in every checkpoint; on resume the checkpoint's options are used (only
/// <see cref="Device"/>, <see cref="Threads"/> and <see cref="Epochs"/> may change: see <see cref="Trainer.Resume"/>).
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Number of passes over the training images. Default 40; allowed 1 to 10,000.</summary>
    public int Epochs { get; init; } = 40;

    /// <summary>Images per optimisation step. Default 64; allowed 1 to 4096.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Peak AdamW learning rate. Default 3e-3; allowed (0, 1].</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Learning rate at the end of the cosine schedule. Default 0; allowed 0 to <see cref="LearningRate"/>.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>AdamW decoupled weight decay. Default 0.05; allowed 0 to 1.</summary>
    public double WeightDecay { get; init; } = 0.05;

    /// <summary>Epochs of linear learning-rate warm-up before the cosine decay (at most <see cref="Epochs"/> are used). Default 2; allowed 0 to 10,000.</summary>
    public int WarmupEpochs { get; init; } = 2;

    /// <summary>Label smoothing of the training loss. Default 0.1; allowed [0, 1).</summary>
    public double LabelSmoothing { get; init; } = 0.1;

    /// <summary>Seed of weight initialisation, shuffling, augmentation and dropout. Default 42; any value.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Where to train. Default <see cref="TrainingDevice.Auto"/> (CUDA when available, else CPU).</summary>
    public TrainingDevice Device { get; init; } = TrainingDevice.Auto;

    /// <summary>CPU threads used by torch and by image decoding. Default 0: one per processor; allowed 0 to 1024.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// On CUDA, let convolutions and matrix products use TF32 tensor-core math (TorchSharp 0.107 has no
    /// autocast, so this is its reduced-precision mode). Ignored on the CPU. Default false.
    /// </summary>
    public bool MixedPrecision { get; init; }

    /// <summary>Random transforms of the training images. Default: see <see cref="AugmentationOptions"/>.</summary>
    public AugmentationOptions Augmentation { get; init; } = new();

    /// <summary>The network's architecture. Default: <see cref="RpsNetOptions"/>'s defaults.</summary>
    public RpsNetOptions Model { get; init; } = new();

    /// <summary>Which epoch's weights are kept. Default <see cref="CheckpointSelection.Last"/>.</summary>
    public CheckpointSelection Selection { get; init; } = CheckpointSelection.Last;

    /// <summary>Images per evaluation batch (no effect on results). Default 256; allowed 1 to 65,536.</summary>
    public int EvaluationBatchSize { get; init; } = 256;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad value and the allowed range.</summary>
    public void Validate()
    {
        Range(nameof(Epochs), "--epochs", Epochs, 1, 10_000);
        Range(nameof(BatchSize), "--batch-size", BatchSize, 1, 4096);
        Range(nameof(WarmupEpochs), "--warmup-epochs", WarmupEpochs, 0, 10_000);
        Range(nameof(Threads), "--threads", Threads, 0, 1024);
        Range(nameof(EvaluationBatchSize), null, EvaluationBatchSize, 1, 65_536);
        if (!(LearningRate > 0 && LearningRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate (--lr) must be in (0, 1].");
        }
        if (!(MinLearningRate >= 0 && MinLearningRate <= LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(MinLearningRate), MinLearningRate, $"MinLearningRate must be between 0 and LearningRate (--lr, {LearningRate}).");
        }
        if (!(WeightDecay >= 0 && WeightDecay <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay (--weight-decay) must be between 0 and 1.");
        }
        if (!(LabelSmoothing >= 0 && LabelSmoothing < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), LabelSmoothing, "LabelSmoothing (--label-smoothing) must be in [0, 1).");
        }
        if (!Enum.IsDefined(Device))
        {
            throw new ArgumentOutOfRangeException(nameof(Device), Device, $"Device (--device) must be one of: {string.Join(", ", Enum.GetNames<TrainingDevice>())}.");
        }
        if (!Enum.IsDefined(Selection))
        {
            throw new ArgumentOutOfRangeException(nameof(Selection), Selection, $"Selection (--select) must be one of: {string.Join(", ", Enum.GetNames<CheckpointSelection>())}.");
        }
        ArgumentNullException.ThrowIfNull(Augmentation);
        ArgumentNullException.ThrowIfNull(Model);
        Augmentation.Validate();
        Model.Validate();
    }

    // The training CLI's flag is named beside the property, so a command-line user sees the option they typed.
    private static void Range(string name, string? flag, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name}{(flag is null ? "" : $" ({flag})")} must be between {min} and {max}.");
        }
    }
}
