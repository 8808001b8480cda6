using RpsVision.Core.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// A set of images decoded once, held as a uint8 tensor <c>[N, 3, S, S]</c> (RGB) with int64 labels
/// <c>[N]</c> on one device (the whole set on the GPU when training there). Training epochs read these tensors,
/// never the image files.
/// </summary>
public sealed class ImageTensorSet : IDisposable
{
    private ImageTensorSet(Tensor images, Tensor labels, IReadOnlyList<string> sources)
    {
        Images = images;
        Labels = labels;
        Sources = sources;
    }

    /// <summary>The images, uint8 <c>[N, 3, S, S]</c>, RGB.</summary>
    public Tensor Images { get; }

    /// <summary>The labels, int64 <c>[N]</c>.</summary>
    public Tensor Labels { get; }

    /// <summary>Where each image came from (file paths, or names given by the caller), in tensor order.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Number of images.</summary>
    public int Count => (int)Images.shape[0];

    /// <summary>Side of the square images.</summary>
    public int ImageSize => (int)Images.shape[2];

    /// <summary>
    /// Decodes image files in parallel with <see cref="ImagePreprocessor.DecodeResized(ReadOnlySpan{byte}, PreprocessingOptions, ImageLimits)"/>
    /// (the same code serving uses) and moves the result to <paramref name="device"/>.
    /// </summary>
    /// <param name="paths">Image files.</param>
    /// <param name="labels">One label per file.</param>
    /// <param name="preprocessing">Gives the input size and the background for transparency.</param>
    /// <param name="device">Where the tensors live.</param>
    /// <param name="parallelism">Decoding threads; at least 1.</param>
    /// <exception cref="InvalidImageException">A file is not a usable image (the message names the file).</exception>
    public static ImageTensorSet Decode(
        IReadOnlyList<string> paths, IReadOnlyList<int> labels, PreprocessingOptions preprocessing, Device device, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        if (paths.Count != labels.Count)
        {
            throw new ArgumentException($"Got {paths.Count} paths but {labels.Count} labels.", nameof(labels));
        }
        preprocessing.Validate();
        int length = ImagePreprocessor.RgbLength(preprocessing);
        var pixels = new byte[(long)paths.Count * length];
        var limits = new ImageLimits();
        Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
        {
            try
            {
                ImagePreprocessor.DecodeResized(File.ReadAllBytes(paths[i]), preprocessing, limits, pixels.AsSpan(i * length, length));
            }
            catch (InvalidImageException e)
            {
                throw new InvalidImageException(e.Reason, $"{paths[i]}: {e.Message}", e);
            }
        });
        return FromRgb(pixels, labels, preprocessing.InputSize, device, paths);
    }

    /// <summary>Wraps RGB bytes, height-width-channel per image, as a set (used by tests and by callers that decode themselves).</summary>
    /// <param name="rgb">N images of <c>size * size * 3</c> bytes each.</param>
    /// <param name="labels">One label per image.</param>
    /// <param name="size">Side of the images.</param>
    /// <param name="device">Where the tensors live.</param>
    /// <param name="sources">A name per image; null names them by index.</param>
    public static ImageTensorSet FromRgb(byte[] rgb, IReadOnlyList<int> labels, int size, Device device, IReadOnlyList<string>? sources = null)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(device);
        long count = labels.Count;
        if (rgb.LongLength != count * size * size * 3)
        {
            throw new ArgumentException($"Expected {count} images of {size}x{size}x3 bytes, got {rgb.LongLength} bytes.", nameof(rgb));
        }
        using var scope = NewDisposeScope();
        Tensor images = tensor(rgb, [count, size, size, 3]).permute(0, 3, 1, 2).contiguous().to(device);
        Tensor labelTensor = tensor(labels.Select(l => (long)l).ToArray(), ScalarType.Int64).to(device);
        return new ImageTensorSet(
            images.MoveToOuterDisposeScope(),
            labelTensor.MoveToOuterDisposeScope(),
            sources ?? Enumerable.Range(0, (int)count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>
    /// A new set holding <paramref name="first"/>'s images, then <paramref name="copies"/> copies of
    /// <paramref name="second"/>'s (e.g. a few extra photos oversampled against the data set). Both sets stay as they are.
    /// </summary>
    internal static ImageTensorSet Concatenate(ImageTensorSet first, ImageTensorSet second, int copies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        using var scope = NewDisposeScope();
        Tensor images = cat([first.Images, second.Images.repeat(copies, 1, 1, 1)], 0);
        Tensor labels = cat([first.Labels, second.Labels.repeat(copies)], 0);
        var sources = first.Sources.Concat(Enumerable.Repeat(second.Sources, copies).SelectMany(s => s)).ToArray();
        return new ImageTensorSet(images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope(), sources);
    }

    /// <summary>The RGB bytes of one image, height-width-channel (e.g. to draw it in a report).</summary>
    public byte[] RgbBytes(int index)
    {
        using var scope = NewDisposeScope();
        return Images[index].permute(1, 2, 0).contiguous().cpu().data<byte>().ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
