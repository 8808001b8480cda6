namespace RpsVision.Core.Data;

/// <summary>Progress of one archive download.</summary>
/// <param name="FileName">The archive being fetched (e.g. <c>rps.zip</c>).</param>
/// <param name="BytesDone">Bytes on disk so far, a resumed part included.</param>
/// <param name="TotalBytes">The expected size of the archive.</param>
public readonly record struct DownloadProgress(string FileName, long BytesDone, long TotalBytes)
{
    /// <summary>Share done, 0..1.</summary>
    public double Fraction => TotalBytes > 0 ? Math.Clamp((double)BytesDone / TotalBytes, 0, 1) : 0;
}
