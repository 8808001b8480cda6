namespace RpsVision.Core.Preprocessing;

/// <summary>
/// Limits checked on an image's header before any pixel is decoded, so that a small file claiming huge
/// dimensions (a decompression bomb) is refused instead of exhausting memory.
/// </summary>
public sealed record ImageLimits
{
    /// <summary>Largest accepted width or height, in pixels. Default 8192; allowed 1 to 65535.</summary>
    public int MaxDimension { get; init; } = 8192;

    /// <summary>Largest accepted width x height. Default 25,000,000 (25 megapixels); must be ≥ 1.</summary>
    public long MaxPixels { get; init; } = 25_000_000;

    /// <summary>Largest accepted number of frames (animated GIF/PNG/WebP). Default 1: one frame only.</summary>
    public int MaxFrames { get; init; } = 1;

    /// <summary>
    /// Accepted formats, by ImageSharp's format name (case-insensitive). Default: PNG, JPEG, BMP, GIF, WEBP.
    /// </summary>
    public IReadOnlyList<string> AllowedFormats { get; init; } = ["PNG", "JPEG", "BMP", "GIF", "WEBP"];

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad value when a limit is out of range.</summary>
    public void Validate()
    {
        if (MaxDimension is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDimension), MaxDimension, "MaxDimension must be between 1 and 65535.");
        }
        if (MaxPixels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPixels), MaxPixels, "MaxPixels must be at least 1.");
        }
        if (MaxFrames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrames), MaxFrames, "MaxFrames must be at least 1.");
        }
        if (AllowedFormats.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(AllowedFormats), "AllowedFormats must name at least one format.");
        }
    }
}
