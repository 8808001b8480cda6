using RpsVision.Core.Training;

namespace RpsVision.Core.Runs;

/// <summary>The <c>teach</c> job: which photos, which run's model, where the new run goes, how it is taught.</summary>
public sealed record TeachPipelineOptions
{
    /// <summary>
    /// The photos to teach (<c>FOLDER</c>): <c>&lt;label&gt;/*.png|jpg|jpeg</c> with one or more of the model's labels,
    /// as the page's Teach tab downloads them. Required.
    /// </summary>
    public required string PhotosDir { get; init; }

    /// <summary>The run whose model is taught (<c>--from</c>); its <c>checkpoint.bin</c> is the parent. Default <c>runs/latest</c>.</summary>
    public string FromRun { get; init; } = Path.Combine("runs", RunFolder.LatestName);

    /// <summary>
    /// Folder for the new run (<c>--output-dir</c>): <c>&lt;OutputDir&gt;/&lt;timestamp&gt;/</c>, and <c>latest</c>
    /// pointed at it once everything is written. Default <c>runs</c>.
    /// </summary>
    public string OutputDir { get; init; } = "runs";

    /// <summary>Folder of labelled real photos to score the taught model's ONNX file on (<c>--real-photos</c>). Default: none.</summary>
    public string? RealPhotosDir { get; init; }

    /// <summary>The fine-tune. Default: see <see cref="TeachOptions"/>.</summary>
    public TeachOptions Teach { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad value and its flag.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Teach, nameof(Teach));
        Teach.Validate();
        if (string.IsNullOrWhiteSpace(PhotosDir))
        {
            throw new ArgumentException("The photos folder (FOLDER) must name a folder.", nameof(PhotosDir));
        }
        if (string.IsNullOrWhiteSpace(FromRun))
        {
            throw new ArgumentException("--from must name a run folder.", nameof(FromRun));
        }
        if (string.IsNullOrWhiteSpace(OutputDir))
        {
            throw new ArgumentException($"OutputDir (--output-dir) '{OutputDir}' must name a folder.", nameof(OutputDir));
        }
    }
}
