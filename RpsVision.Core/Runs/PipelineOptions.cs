using RpsVision.Core.Data;
using RpsVision.Core.Training;
using RpsVision.Core.Preprocessing;

namespace RpsVision.Core.Runs;

/// <summary>Everything the training job needs: where the data and the outputs go, the split and the training options.</summary>
public sealed record PipelineOptions
{
    /// <summary>Where the data set is found or downloaded to. Default: <see cref="DataOptions"/>'s defaults (<c>data/</c>).</summary>
    public DataOptions Data { get; init; } = new();

    /// <summary>The train/validation split. Default: stratified 85/15 (see <see cref="SplitOptions"/>).</summary>
    public SplitOptions Split { get; init; } = new();

    /// <summary>How the model is trained. Default: see <see cref="TrainingOptions"/>.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>
    /// Folder that receives one sub-folder per run (<c>&lt;timestamp&gt;/</c>) and the <c>latest</c> link to the
    /// newest. Default <c>runs</c>.
    /// </summary>
    public string OutputDir { get; init; } = "runs";

    /// <summary>
    /// Side of the model input in pixels. Default null: for RpsNet the data set's native size (28 for rps-28px), capped
    /// at <see cref="MaxAutoImageSize"/> (the 300x300 originals are downscaled to 48), never upsampled; for ResNet18
    /// <see cref="ResNet18ImageSize"/>, or the native size rounded up to a multiple of 32 where that is smaller
    /// (rps-28px: 32). Allowed 8 to 1024.
    /// </summary>
    public int? ImageSize { get; init; }

    /// <summary>How a non-square image becomes the square model input, in training and in serving. Default <see cref="SquareFit.Pad"/>.</summary>
    public SquareFit Fit { get; init; } = SquareFit.Pad;

    /// <summary>
    /// Largest input size chosen automatically when <see cref="ImageSize"/> is null. Default 48: on a two-core CPU the
    /// default job at 64 would take about twice as long per epoch for no measured gain on real photos (see
    /// docs/BENCHMARKS.md). Allowed 8 to 1024.
    /// </summary>
    public int MaxAutoImageSize { get; init; } = 48;

    /// <summary>
    /// Input size of a ResNet18 when <see cref="ImageSize"/> is null. Default 96: the largest whose default job fits
    /// ten minutes on a two-core CPU (see docs/BENCHMARKS.md). A multiple of 32 from 32 to 1024.
    /// </summary>
    public int ResNet18ImageSize { get; init; } = 96;

    /// <summary>
    /// Continue the run that <c>&lt;OutputDir&gt;/latest</c> points to from its last complete epoch, with the options
    /// saved in its checkpoint (only device and threads may change). Default false.
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>
    /// A folder of labelled real photos (<c>&lt;label&gt;/*.png|jpg|jpeg</c>) that the whole job evaluates the exported
    /// model on, through the serving path; the score goes into metrics.json, report.md and the model's metadata.
    /// Read and checked before training starts. Default null: none. Never used to train or choose anything.
    /// </summary>
    public string? RealPhotosDir { get; init; }

    /// <summary>
    /// A folder of extra labelled images (<c>&lt;label&gt;/*.png|jpg|jpeg</c>, e.g. a few photos of the user's own hand)
    /// that join the training data: split 85/15 like the data set's images (so validation includes them), augmented
    /// like them, and oversampled by <see cref="ExtraDataShare"/>. Read and checked before training. Default null: none.
    /// </summary>
    public string? ExtraDataDir { get; init; }

    /// <summary>
    /// The share of each epoch's training samples that the extra images make up: each extra training image is repeated
    /// <c>max(1, round(share / (1 - share) * datasetImages / extraImages))</c> times (each copy augmented afresh), so a
    /// few dozen photos weigh against thousands of renders and cost no more than that share of an epoch. Default 0.2;
    /// allowed 0.01 to 0.9. Only used with <see cref="ExtraDataDir"/>.
    /// </summary>
    public double ExtraDataShare { get; init; } = 0.2;

    /// <summary>How many times each extra training image is used per epoch (see <see cref="ExtraDataShare"/>); 0 without extra images.</summary>
    /// <param name="datasetImages">Training images of the data set itself.</param>
    /// <param name="extraImages">Extra training images.</param>
    public int ExtraCopies(int datasetImages, int extraImages) =>
        extraImages <= 0 ? 0 : Math.Max(1, (int)Math.Round(ExtraDataShare / (1 - ExtraDataShare) * datasetImages / extraImages, MidpointRounding.AwayFromZero));

    /// <summary>Throws <see cref="ArgumentException"/> (or a subclass) naming the bad value and the allowed ones.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDir))
        {
            throw new ArgumentException($"OutputDir (--output-dir) '{OutputDir}' must name a folder.", nameof(OutputDir));
        }
        if (ImageSize is < 8 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(ImageSize), ImageSize, "ImageSize (--image-size) must be between 8 and 1024 pixels (or unset for the data's native size).");
        }
        if (ResNet18ImageSize is < 32 or > 1024 || ResNet18ImageSize % 32 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ResNet18ImageSize), ResNet18ImageSize, "ResNet18ImageSize must be a multiple of 32 from 32 to 1024.");
        }
        if (MaxAutoImageSize is < 8 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAutoImageSize), MaxAutoImageSize, "MaxAutoImageSize must be between 8 and 1024 pixels.");
        }
        if (RealPhotosDir is not null && string.IsNullOrWhiteSpace(RealPhotosDir))
        {
            throw new ArgumentException("RealPhotosDir (--real-photos) must name a folder, or be null for none.", nameof(RealPhotosDir));
        }
        if (ExtraDataDir is not null && string.IsNullOrWhiteSpace(ExtraDataDir))
        {
            throw new ArgumentException("ExtraDataDir (--extra-data) must name a folder, or be null for none.", nameof(ExtraDataDir));
        }
        if (ExtraDataShare is < 0.01 or > 0.9 || double.IsNaN(ExtraDataShare))
        {
            throw new ArgumentOutOfRangeException(nameof(ExtraDataShare), ExtraDataShare, "ExtraDataShare (--extra-share) must be between 0.01 and 0.9.");
        }
        ArgumentNullException.ThrowIfNull(Data);
        ArgumentNullException.ThrowIfNull(Split);
        ArgumentNullException.ThrowIfNull(Training);
        Data.Validate();
        Split.Validate();
        Training.Validate();
    }
}
