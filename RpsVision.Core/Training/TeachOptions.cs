namespace RpsVision.Core.Training;

/// <summary>
/// How a trained model is taught a few photos (Teachable Machine's loop): a short AdamW fine-tune from the model's
/// weights in which every batch mixes augmented photos with renders from the model's own training split, augmented
/// as its run augmented them, so that the model learns the photos without forgetting the renders.
/// </summary>
public sealed record TeachOptions
{
    /// <summary>Optimisation steps. Default 40; allowed 1 to 10,000.</summary>
    public int Steps { get; init; } = 40;

    /// <summary>
    /// Photos per batch, drawn at random (with repetition when there are fewer) and augmented like the run's training
    /// images but never composited over a background: they have their own. Default 16; allowed 1 to 1024.
    /// </summary>
    public int PhotosPerBatch { get; init; } = 16;

    /// <summary>Renders of the parent's training split per batch, augmented exactly as its run did. Default 16; allowed 0 to 1024.</summary>
    public int RendersPerBatch { get; init; } = 16;

    /// <summary>
    /// Learning rate of the classifier head (of the whole network for RpsNet), decayed along half a cosine to 0 at
    /// the last step. Default 1e-3; allowed (0, 1].
    /// </summary>
    public double HeadLearningRate { get; init; } = 1e-3;

    /// <summary>Learning rate of ResNet18's pretrained backbone, decayed as the head's. Default 1e-4; allowed (0, 1]. Only for ResNet18.</summary>
    public double BackboneLearningRate { get; init; } = 1e-4;

    /// <summary>Seed of the photos and renders drawn, their augmentation and dropout. Default 42; any value.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Where to train. Default <see cref="TrainingDevice.Auto"/> (CUDA when available, else CPU).</summary>
    public TrainingDevice Device { get; init; } = TrainingDevice.Auto;

    /// <summary>CPU threads used by torch and by image decoding. Default 0: one per processor; allowed 0 to 1024.</summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad value, its flag and the allowed range.</summary>
    public void Validate()
    {
        Check(nameof(Steps), "--steps", Steps, 1, 10_000);
        Check(nameof(PhotosPerBatch), "--photos-per-batch", PhotosPerBatch, 1, 1024);
        Check(nameof(RendersPerBatch), "--renders-per-batch", RendersPerBatch, 0, 1024);
        Check(nameof(Threads), "--threads", Threads, 0, 1024);
        if (!(HeadLearningRate is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(HeadLearningRate), HeadLearningRate, $"HeadLearningRate (--lr) {HeadLearningRate} must be in (0, 1].");
        }
        if (!(BackboneLearningRate is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(BackboneLearningRate), BackboneLearningRate,
                $"BackboneLearningRate (--backbone-lr) {BackboneLearningRate} must be in (0, 1].");
        }
    }

    private static void Check(string name, string flag, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} ({flag}) {value} must be between {min} and {max}.");
        }
    }
}
