namespace RpsVision.Core.Data;

/// <summary>Where the data set lives and what a complete set looks like.</summary>
public sealed class DataOptions
{
    /// <summary>Name of the training folder (and of its archive's root folder): <c>rps</c>.</summary>
    public const string TrainFolder = "rps";

    /// <summary>Name of the test folder (and of its archive's root folder): <c>rps-test-set</c>.</summary>
    public const string TestFolder = "rps-test-set";

    /// <summary>
    /// Folder holding the archives and the extracted images (<c>rps/&lt;label&gt;/*.png</c>,
    /// <c>rps-test-set/&lt;label&gt;/*.png</c>). Default <c>data</c>, relative to the current directory.
    /// A folder that already holds the extracted layout (e.g. <c>../shared/data/rps-28px</c>) is used as is.
    /// </summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Where and how to download a missing archive.</summary>
    public DownloadOptions Download { get; set; } = new();

    /// <summary>Whether a missing split may be downloaded; when false it is an error. Default true.</summary>
    public bool AllowDownload { get; set; } = true;

    /// <summary>Images each class must have in the training archive. Default 840, range 1..1,000,000.</summary>
    public int TrainImagesPerClass { get; set; } = 840;

    /// <summary>Images each class must have in the test archive. Default 124, range 1..1,000,000.</summary>
    public int TestImagesPerClass { get; set; } = 124;

    /// <summary>Checks every value; the message names the bad value and the allowed ones.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDir))
        {
            throw new ArgumentException($"DataDir (--data-dir) '{DataDir}' must name a folder.");
        }

        if (TrainImagesPerClass is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"TrainImagesPerClass {TrainImagesPerClass} (--expect-train-per-class) is out of range; allowed 1..1000000.");
        }

        if (TestImagesPerClass is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"TestImagesPerClass {TestImagesPerClass} (--expect-test-per-class) is out of range; allowed 1..1000000.");
        }

        ArgumentNullException.ThrowIfNull(Download);
        Download.Validate();
    }
}
