using RpsVision.Core.Data;
using RpsVision.Core.Training;

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
    /// Side of the model input in pixels. Default null: the data set's native size (28 for rps-28px), capped at
    /// <see cref="MaxAutoImageSize"/> (the 300x300 originals are downscaled to 64); never upsampled. Allowed 8 to 1024.
    /// </summary>
    public int? ImageSize { get; init; }

    /// <summary>Largest input size chosen automatically when <see cref="ImageSize"/> is null. Default 64; allowed 8 to 1024.</summary>
    public int MaxAutoImageSize { get; init; } = 64;

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
        if (MaxAutoImageSize is < 8 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAutoImageSize), MaxAutoImageSize, "MaxAutoImageSize must be between 8 and 1024 pixels.");
        }
        if (RealPhotosDir is not null && string.IsNullOrWhiteSpace(RealPhotosDir))
        {
            throw new ArgumentException("RealPhotosDir (--real-photos) must name a folder, or be null for none.", nameof(RealPhotosDir));
        }
        ArgumentNullException.ThrowIfNull(Data);
        ArgumentNullException.ThrowIfNull(Split);
        ArgumentNullException.ThrowIfNull(Training);
        Data.Validate();
        Split.Validate();
        Training.Validate();
    }
}
