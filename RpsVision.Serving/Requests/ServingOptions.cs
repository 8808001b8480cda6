using System.ComponentModel.DataAnnotations;
using RpsVision.Core.Preprocessing;

namespace RpsVision.Serving.Requests;

/// <summary>Limits of the HTTP host: body size, timeout, concurrency, images. Section <c>Serving</c>.</summary>
internal sealed class ServingOptions : IValidatableObject
{
    public const string SectionName = "Serving";

    /// <summary>Largest accepted request body, in bytes (larger: 413). Default 10 MiB; 1 KiB to 1 GiB.</summary>
    [Range(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Time a request may take before it is answered 504. Default 30 s; 100 ms to 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Inference requests handled at once; the rest wait in the queue. Default: the processor count, since an inference
    /// keeps one core busy from start to end (more at once only time-slice the cores and lengthen the tail:
    /// docs/BENCHMARKS.md). 1 to 4096.
    /// </summary>
    [Range(1, 4096)]
    public int MaxConcurrentRequests { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Size of the blocks Kestrel receives request bodies into. Default 64 KiB (Kestrel's own are 4 KiB: an 80 KB photo
    /// then takes about 38 socket reads, each a thread-pool hop; docs/BENCHMARKS.md); 4 KiB to 1 MiB. Each request
    /// being read holds one or two blocks.
    /// </summary>
    [Range(4096, 1024 * 1024)]
    public int ReceiveBlockBytes { get; set; } = 64 * 1024;

    /// <summary>Inference requests that may wait for a slot; past it, 503 with Retry-After. Default 128; 0 to 100000.</summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 128;

    /// <summary>Seconds sent in Retry-After with a 503. Default 1; 1 to 3600.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Most images in one protocol request (TF Serving instances, KServe batch). Default 64; 1 to 4096.</summary>
    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>Largest accepted width or height, checked before decoding. Default 8192; 1 to 65535.</summary>
    [Range(1, 65535)]
    public int MaxImageDimension { get; set; } = 8192;

    /// <summary>Largest accepted width x height, checked before decoding. Default 25,000,000; at least 1.</summary>
    [Range(1, long.MaxValue)]
    public long MaxImagePixels { get; set; } = 25_000_000;

    /// <summary>Largest accepted number of frames. Default 1 (no animations); 1 to 1000.</summary>
    [Range(1, 1000)]
    public int MaxImageFrames { get; set; } = 1;

    /// <summary>Accepted image formats by name. Default (empty): PNG, JPEG, BMP, GIF, WEBP.</summary>
    public string[] AllowedImageFormats { get; set; } = [];

    /// <summary>The formats ImageSharp decodes here; <see cref="AllowedImageFormats"/> must be a subset.</summary>
    public static readonly IReadOnlyList<string> KnownFormats = ["PNG", "JPEG", "BMP", "GIF", "WEBP", "TGA", "TIFF", "PBM"];

    /// <summary>The image limits that Core checks before decoding.</summary>
    public ImageLimits ToImageLimits() => new()
    {
        MaxDimension = MaxImageDimension,
        MaxPixels = MaxImagePixels,
        MaxFrames = MaxImageFrames,
        AllowedFormats = AllowedImageFormats.Length == 0
            ? new ImageLimits().AllowedFormats
            : AllowedImageFormats.Select(f => f.ToUpperInvariant()).ToArray(),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (string format in AllowedImageFormats)
        {
            if (!KnownFormats.Contains(format, StringComparer.OrdinalIgnoreCase))
            {
                yield return new ValidationResult(
                    $"Serving:AllowedImageFormats has '{format}'; allowed values: {string.Join(", ", KnownFormats)}.",
                    [nameof(AllowedImageFormats)]);
            }
        }
    }
}
