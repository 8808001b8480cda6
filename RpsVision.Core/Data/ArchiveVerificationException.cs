namespace RpsVision.Core.Data;

/// <summary>
/// A downloaded archive does not have the expected size or SHA-256. The file has been moved to
/// <see cref="QuarantinePath"/> and is never used; the next attempt downloads it again.
/// </summary>
public sealed class ArchiveVerificationException : IOException
{
    /// <summary>Creates the exception; the message names the file, the expected and the actual size and digest.</summary>
    /// <param name="fileName">The archive's file name.</param>
    /// <param name="expectedSize">Expected size in bytes.</param>
    /// <param name="actualSize">Size of the downloaded file.</param>
    /// <param name="expectedSha256">Expected SHA-256 (hex).</param>
    /// <param name="actualSha256">SHA-256 of the downloaded file (hex).</param>
    /// <param name="quarantinePath">Where the bad file was moved.</param>
    public ArchiveVerificationException(
        string fileName, long expectedSize, long actualSize, string expectedSha256, string actualSha256, string quarantinePath)
        : base($"Archive '{fileName}' failed verification: expected {expectedSize} bytes, sha256 {expectedSha256}; " +
               $"got {actualSize} bytes, sha256 {actualSha256}. The file was moved to '{quarantinePath}' and will not be used.")
    {
        FileName = fileName;
        ExpectedSize = expectedSize;
        ActualSize = actualSize;
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
        QuarantinePath = quarantinePath;
    }

    /// <summary>The archive's file name (e.g. <c>rps.zip</c>).</summary>
    public string FileName { get; }

    /// <summary>Expected size in bytes.</summary>
    public long ExpectedSize { get; }

    /// <summary>Size of the downloaded file in bytes.</summary>
    public long ActualSize { get; }

    /// <summary>Expected SHA-256, lower-case hex.</summary>
    public string ExpectedSha256 { get; }

    /// <summary>SHA-256 of the downloaded file, lower-case hex.</summary>
    public string ActualSha256 { get; }

    /// <summary>Path the bad file was moved to (<c>&lt;file&gt;.corrupt-&lt;UTC timestamp&gt;</c>).</summary>
    public string QuarantinePath { get; }
}
