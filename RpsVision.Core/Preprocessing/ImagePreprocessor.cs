using System.Buffers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace RpsVision.Core.Preprocessing;

/// <summary>
/// The one implementation of image preprocessing, shared by training and serving. Training caches the output
/// of <see cref="DecodeResized(ReadOnlySpan{byte}, PreprocessingOptions, ImageLimits)"/> (RGB bytes) and
/// normalises on tensors with the same <see cref="PreprocessingOptions"/>; serving calls the eval preset
/// <see cref="PrepareForInference(ReadOnlySpan{byte}, PreprocessingOptions, ImageLimits, Span{float})"/>.
/// Every method is thread-safe.
/// </summary>
public static class ImagePreprocessor
{
    /// <summary>
    /// Reads an encoded image's header and checks it against <paramref name="limits"/> without decoding pixels.
    /// </summary>
    /// <exception cref="InvalidImageException">The input is empty, not an image, in a format that is not
    /// allowed, has zero or too large dimensions, or too many frames.</exception>
    public static ImageHeader Inspect(ReadOnlySpan<byte> encoded, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (encoded.IsEmpty)
        {
            throw new InvalidImageException(InvalidImageReason.Empty, "The image is empty (0 bytes).");
        }

        IImageInfo? info;
        IImageFormat? format;
        try
        {
            info = Identify(encoded, out format);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException or EndOfStreamException)
        {
            throw new InvalidImageException(InvalidImageReason.Corrupt, $"The image header cannot be read: {e.Message}", e);
        }
        if (info is null || format is null)
        {
            throw new InvalidImageException(InvalidImageReason.NotAnImage,
                $"The data is not an image in a known format (accepted: {string.Join(", ", limits.AllowedFormats)}).");
        }

        if (!limits.AllowedFormats.Contains(format.Name, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidImageException(InvalidImageReason.UnsupportedFormat,
                $"Image format {format.Name} is not accepted (accepted: {string.Join(", ", limits.AllowedFormats)}).");
        }
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new InvalidImageException(InvalidImageReason.EmptyDimensions,
                $"The image has no pixels ({info.Width}x{info.Height}).");
        }
        if (info.Width > limits.MaxDimension || info.Height > limits.MaxDimension
            || (long)info.Width * info.Height > limits.MaxPixels)
        {
            throw new InvalidImageException(InvalidImageReason.TooLarge,
                $"The image is {info.Width}x{info.Height} pixels; the limit is {limits.MaxDimension} pixels a side " +
                $"and {limits.MaxPixels:N0} pixels in all.");
        }

        int frames = FrameCounter.Count(encoded, format.Name);
        if (frames > limits.MaxFrames)
        {
            throw new InvalidImageException(InvalidImageReason.TooManyFrames,
                $"The image has {(frames == int.MaxValue ? "several" : frames.ToString())} frames; at most {limits.MaxFrames} accepted.");
        }
        if (TruncationCheck.IsTruncated(encoded, format.Name))
        {
            throw new InvalidImageException(InvalidImageReason.Corrupt, $"The {format.Name} file is truncated: it ends before its last chunk.");
        }
        return new ImageHeader(format.Name, info.Width, info.Height, info.PixelType?.BitsPerPixel ?? 0, frames);
    }

    /// <summary>
    /// Checks, decodes and resizes an encoded image to <see cref="PreprocessingOptions.InputSize"/> square,
    /// compositing transparency over the background: the RGB bytes in height-width-channel order
    /// (<c>InputSize * InputSize * 3</c> bytes). This is the form training caches.
    /// </summary>
    /// <exception cref="InvalidImageException">The input cannot be used as an image.</exception>
    public static byte[] DecodeResized(ReadOnlySpan<byte> encoded, PreprocessingOptions options, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rgb = new byte[RgbLength(options)];
        DecodeResized(encoded, options, limits, rgb);
        return rgb;
    }

    /// <summary>Like <see cref="DecodeResized(ReadOnlySpan{byte}, PreprocessingOptions, ImageLimits)"/>, into a caller's buffer.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <c>InputSize * InputSize * 3</c> bytes.</exception>
    /// <exception cref="InvalidImageException">The input cannot be used as an image.</exception>
    public static void DecodeResized(ReadOnlySpan<byte> encoded, PreprocessingOptions options, ImageLimits limits, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (destination.Length != RgbLength(options))
        {
            throw new ArgumentException($"Destination must hold {RgbLength(options)} bytes, not {destination.Length}.", nameof(destination));
        }
        Inspect(encoded, limits);
        using Image<Rgba32> image = Decode(encoded);
        // The decoded image is ours: resize it in place rather than into a copy.
        int size = options.InputSize;
        if (image.Width != size || image.Height != size)
        {
            image.Mutate(Processing, x => x.Resize(ResizeOptionsFor(options, image.Width, image.Height)));
        }
        WriteRgb(image, options.Background, size, destination);
    }

    /// <summary>
    /// Resizes an already decoded image (any size) to the model's input and writes its RGB bytes,
    /// height-width-channel. The image is not modified.
    /// </summary>
    public static void ResizeToRgb(Image<Rgba32> image, PreprocessingOptions options, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        int size = options.InputSize;
        if (destination.Length != RgbLength(options))
        {
            throw new ArgumentException($"Destination must hold {RgbLength(options)} bytes, not {destination.Length}.", nameof(destination));
        }

        if (image.Width == size && image.Height == size)
        {
            WriteRgb(image, options.Background, size, destination);
            return;
        }
        // Clone-with-resize allocates only the small resized image, never a full-size copy.
        using Image<Rgba32> resized = image.Clone(Processing, x => x.Resize(ResizeOptionsFor(options, image.Width, image.Height)));
        WriteRgb(resized, options.Background, size, destination);
    }

    /// <summary>
    /// Converts RGB bytes (height-width-channel, as produced by <see cref="DecodeResized(ReadOnlySpan{byte}, PreprocessingOptions, ImageLimits)"/>)
    /// to the normalised float tensor in channel-height-width order: <c>(byte / 255 - Mean[c]) / Std[c]</c>.
    /// </summary>
    public static void Normalize(ReadOnlySpan<byte> rgb, PreprocessingOptions options, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(options);
        int plane = options.InputSize * options.InputSize;
        if (rgb.Length != plane * 3 || destination.Length != plane * 3)
        {
            throw new ArgumentException($"Both buffers must hold {plane * 3} values (got {rgb.Length} and {destination.Length}).");
        }
        for (int c = 0; c < 3; c++)
        {
            float scale = 1f / (255f * options.Std[c]);
            float shift = options.Mean[c] / options.Std[c];
            Span<float> channel = destination.Slice(c * plane, plane);
            for (int i = 0; i < plane; i++)
            {
                channel[i] = rgb[i * 3 + c] * scale - shift;
            }
        }
    }

    /// <summary>
    /// The eval preset, used by serving: checks, decodes, resizes and normalises an encoded image into
    /// <paramref name="destination"/> (<c>3 * InputSize * InputSize</c> floats, CHW).
    /// </summary>
    /// <exception cref="InvalidImageException">The input cannot be used as an image.</exception>
    public static void PrepareForInference(ReadOnlySpan<byte> encoded, PreprocessingOptions options, ImageLimits limits, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(options);
        int length = RgbLength(options);
        byte[] rgb = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            DecodeResized(encoded, options, limits, rgb.AsSpan(0, length));
            Normalize(rgb.AsSpan(0, length), options, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgb);
        }
    }

    /// <summary>The eval preset for an already decoded image.</summary>
    public static void PrepareForInference(Image<Rgba32> image, PreprocessingOptions options, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(options);
        int length = RgbLength(options);
        byte[] rgb = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            ResizeToRgb(image, options, rgb.AsSpan(0, length));
            Normalize(rgb.AsSpan(0, length), options, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgb);
        }
    }

    /// <summary>Number of values in one preprocessed image: <c>3 * InputSize * InputSize</c>.</summary>
    public static int RgbLength(PreprocessingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return 3 * options.InputSize * options.InputSize;
    }

    /// <summary>
    /// ImageSharp's defaults, but each resize on one thread: the images are small, so splitting one across cores
    /// costs more than it saves, and a server runs many requests in parallel anyway.
    /// </summary>
    private static readonly Configuration Processing = CreateConfiguration();

    private static Configuration CreateConfiguration()
    {
        Configuration configuration = Configuration.Default.Clone();
        configuration.MaxDegreeOfParallelism = 1;
        return configuration;
    }

    /// <summary>
    /// The resize that <see cref="PreprocessingOptions.Fit"/> asks for: stretch to the square; pad: the long side to
    /// the square's (the short side is filled in by <see cref="WriteRgb"/>); crop: the short side to the square's,
    /// centre kept.
    /// </summary>
    private static ResizeOptions ResizeOptionsFor(PreprocessingOptions options, int width, int height)
    {
        int size = options.InputSize;
        var mode = ResizeMode.Stretch;
        var target = new Size(size, size);
        if (width != height && options.Fit == SquareFit.Pad)
        {
            // Rounded, at least one pixel: a 300x200 photo at 64 becomes 64x43.
            target = width > height
                ? new Size(size, Math.Max(1, (int)Math.Round((double)size * height / width)))
                : new Size(Math.Max(1, (int)Math.Round((double)size * width / height)), size);
        }
        else if (width != height && options.Fit == SquareFit.Crop)
        {
            mode = ResizeMode.Crop;
        }
        return new ResizeOptions { Size = target, Mode = mode, Sampler = Sampler(options.Resize) };
    }

    /// <summary>
    /// Writes the image's pixels as a <paramref name="size"/> square of RGB bytes (HWC), compositing transparency
    /// over the background. An image narrower or shorter than the square (<see cref="SquareFit.Pad"/>) is centred
    /// and the band on either side repeats its nearest edge pixel.
    /// </summary>
    private static void WriteRgb(Image<Rgba32> image, byte background, int size, Span<byte> destination)
    {
        int left = (size - image.Width) / 2, top = (size - image.Height) / 2;
        int offset = 0;
        for (int y = 0; y < size; y++)
        {
            Span<Rgba32> row = image.DangerousGetPixelRowMemory(Math.Clamp(y - top, 0, image.Height - 1)).Span;
            for (int x = 0; x < size; x++)
            {
                Rgba32 p = row[Math.Clamp(x - left, 0, image.Width - 1)];
                destination[offset++] = Composite(p.R, p.A, background);
                destination[offset++] = Composite(p.G, p.A, background);
                destination[offset++] = Composite(p.B, p.A, background);
            }
        }
    }

    /// <summary>
    /// ImageSharp 2.x identifies from a stream or an array only. The image is read in place through a stream over
    /// the pinned bytes: a copy of a typical photo (over 85 KB) would land on the large-object heap on every
    /// request and bring on a full garbage collection every few hundred.
    /// </summary>
    private static unsafe IImageInfo? Identify(ReadOnlySpan<byte> encoded, out IImageFormat? format)
    {
        fixed (byte* start = encoded)
        {
            using var stream = new UnmanagedMemoryStream(start, encoded.Length);
            return Image.Identify(stream, out format);
        }
    }

    private static Image<Rgba32> Decode(ReadOnlySpan<byte> encoded)
    {
        try
        {
            return Image.Load<Rgba32>(Processing, encoded);
        }
        catch (UnknownImageFormatException e)
        {
            throw new InvalidImageException(InvalidImageReason.NotAnImage, "The data is not an image in a known format.", e);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException or EndOfStreamException or NotSupportedException)
        {
            throw new InvalidImageException(InvalidImageReason.Corrupt, $"The image is truncated or corrupt: {e.Message}", e);
        }
    }

    private static byte Composite(byte colour, byte alpha, byte background) =>
        alpha == 255 ? colour : (byte)((colour * alpha + background * (255 - alpha) + 127) / 255);

    private static IResampler Sampler(ResizeMethod method) => method switch
    {
        ResizeMethod.Bilinear => KnownResamplers.Triangle,
        ResizeMethod.Bicubic => KnownResamplers.Bicubic,
        ResizeMethod.NearestNeighbor => KnownResamplers.NearestNeighbor,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown resize method."),
    };
}
