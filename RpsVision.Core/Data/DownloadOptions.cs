namespace RpsVision.Core.Data;

/// <summary>Where the two archives come from and how they are fetched.</summary>
public sealed class DownloadOptions
{
    /// <summary>The TFDS host: <c>https://storage.googleapis.com/download.tensorflow.org/data/</c>.</summary>
    public static Uri TfdsBaseUrl { get; } = new("https://storage.googleapis.com/download.tensorflow.org/data/");

    /// <summary>
    /// Base URL the archive file names are appended to. Default <see cref="TfdsBaseUrl"/>; a mirror (for
    /// example a local HTTP server) is set here together with its own <see cref="TrainArchive"/> and
    /// <see cref="TestArchive"/> sizes and digests. Must be absolute http or https.
    /// </summary>
    public Uri BaseUrl { get; set; } = TfdsBaseUrl;

    /// <summary>The training archive; default <see cref="DatasetArchive.TfdsTrain"/> (rps.zip).</summary>
    public DatasetArchive TrainArchive { get; set; } = DatasetArchive.TfdsTrain;

    /// <summary>The test archive; default <see cref="DatasetArchive.TfdsTest"/> (rps-test-set.zip).</summary>
    public DatasetArchive TestArchive { get; set; } = DatasetArchive.TfdsTest;

    /// <summary>
    /// Attempts per archive; an interrupted attempt is resumed by the next one with an HTTP Range request.
    /// Default 3, range 1..20.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait between attempts. Default 2 s, range 0..5 min.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Checks every value; the message names the bad value and the allowed ones.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"BaseUrl (--mirror) '{BaseUrl}' must be an absolute http:// or https:// URL.");
        }

        ArgumentNullException.ThrowIfNull(TrainArchive);
        ArgumentNullException.ThrowIfNull(TestArchive);
        TrainArchive.Validate(nameof(TrainArchive));
        TestArchive.Validate(nameof(TestArchive));
        if (string.Equals(TrainArchive.FileName, TestArchive.FileName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"TrainArchive and TestArchive have the same file name '{TrainArchive.FileName}'.");
        }

        if (MaxAttempts is < 1 or > 20)
        {
            throw new ArgumentException($"MaxAttempts {MaxAttempts} is out of range; allowed 1..20.");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentException($"RetryDelay {RetryDelay} is out of range; allowed 0..5 min.");
        }
    }
}
