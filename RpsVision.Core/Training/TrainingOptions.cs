using RpsVision.Core.Modeling;

namespace RpsVision.Core.Training;

/// <summary>
/// How the CNN is trained. Saved in every checkpoint; on resume the checkpoint's options are used (only
/// <see cref="Device"/>, <see cref="Threads"/> and <see cref="Epochs"/> may change: see <see cref="Trainer.Resume"/>).
/// The defaults fine-tune the pretrained <see cref="ModelArchitecture.ResNet18"/>; <see cref="For"/> gives each
/// architecture's.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The network to train. Default <see cref="ModelArchitecture.ResNet18"/>.</summary>
    public ModelArchitecture Architecture { get; init; } = ModelArchitecture.ResNet18;

    /// <summary>
    /// The ONNX file of the ImageNet ResNet18 whose weights start a <see cref="ModelArchitecture.ResNet18"/> run
    /// (<c>--pretrained</c>). Default null: the copy from the NuGet package, <see cref="ImageNetResNet18.DefaultPath"/>.
    /// </summary>
    public string? PretrainedWeights { get; init; }

    /// <summary>
    /// The pretrained backbone's learning rate as a share of <see cref="LearningRate"/> (the new head's). Default 0.1;
    /// allowed (0, 1]. Only for <see cref="ModelArchitecture.ResNet18"/>.
    /// </summary>
    public double BackboneLearningRateScale { get; init; } = 0.1;

    /// <summary>
    /// Keep the pretrained batch-norm statistics (running mean and variance) fixed while fine-tuning; their scale and
    /// shift still learn. Default true. Only for <see cref="ModelArchitecture.ResNet18"/>.
    /// </summary>
    public bool FreezeBatchNormStatistics { get; init; } = true;

    /// <summary>
    /// Number of passes over the training images. Default 6 (40 for RpsNet: see <see cref="For"/>): on real photos 6
    /// epochs of ResNet18 beat 4, and fit the default job into about four minutes on two cores (docs/BENCHMARKS.md).
    /// Allowed 1 to 10,000.
    /// </summary>
    public int Epochs { get; init; } = 6;

    /// <summary>Images per optimisation step. Default 32 (64 for RpsNet); allowed 1 to 4096.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Peak AdamW learning rate. Default 3e-3; allowed (0, 1].</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Learning rate at the end of the cosine schedule. Default 0; allowed 0 to <see cref="LearningRate"/>.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>AdamW decoupled weight decay. Default 0.05; allowed 0 to 1.</summary>
    public double WeightDecay { get; init; } = 0.05;

    /// <summary>Epochs of linear learning-rate warm-up before the cosine decay (at most <see cref="Epochs"/> are used). Default 1 (2 for RpsNet); allowed 0 to 10,000.</summary>
    public int WarmupEpochs { get; init; } = 1;

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

    /// <summary>
    /// The class count of either architecture, and the layers of <see cref="ModelArchitecture.RpsNet"/>. Default:
    /// <see cref="RpsNetOptions"/>'s defaults.
    /// </summary>
    public RpsNetOptions Model { get; init; } = new();

    /// <summary>Which epoch's weights are kept. Default <see cref="CheckpointSelection.Last"/>.</summary>
    public CheckpointSelection Selection { get; init; } = CheckpointSelection.Last;

    /// <summary>Images per evaluation batch (no effect on results). Default 256; allowed 1 to 65,536.</summary>
    public int EvaluationBatchSize { get; init; } = 256;

    /// <summary>The default options of <paramref name="architecture"/>: those of a new instance, and for RpsNet, trained from scratch, 40 epochs of 64 images with 2 of warm-up.</summary>
    public static TrainingOptions For(ModelArchitecture architecture) => architecture switch
    {
        ModelArchitecture.ResNet18 => new TrainingOptions(),
        ModelArchitecture.RpsNet => new TrainingOptions { Architecture = architecture, Epochs = 40, BatchSize = 64, WarmupEpochs = 2 },
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture,
            $"Architecture (--model) must be one of: {string.Join(", ", Enum.GetNames<ModelArchitecture>())}."),
    };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad value and the allowed range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Architecture))
        {
            throw new ArgumentOutOfRangeException(nameof(Architecture), Architecture, $"Architecture (--model) must be one of: {string.Join(", ", Enum.GetNames<ModelArchitecture>())}.");
        }
        if (!(BackboneLearningRateScale > 0 && BackboneLearningRateScale <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(BackboneLearningRateScale), BackboneLearningRateScale, "BackboneLearningRateScale (--backbone-lr-scale) must be in (0, 1].");
        }
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
