using RpsVision.Core.Preprocessing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// Photographs of real scenes without hands, decoded once into a float tensor <c>[K, 3, B, B]</c> in [0, 1] on the
/// training device, from which <see cref="TensorAugmenter"/> cuts random backgrounds for the hands.
/// </summary>
internal sealed class SceneBank : IDisposable
{
    private SceneBank(Tensor scenes, IReadOnlyList<string> files)
    {
        Scenes = scenes;
        Files = files;
    }

    /// <summary>The scenes, float <c>[K, 3, B, B]</c> in [0, 1].</summary>
    public Tensor Scenes { get; }

    /// <summary>The files the scenes came from, in tensor order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Number of scenes.</summary>
    public int Count => (int)Scenes.shape[0];

    /// <summary>
    /// Decodes every PNG or JPEG in <paramref name="folder"/> (not its sub-folders), centre-cropped to a square of
    /// <paramref name="side"/> pixels: large enough that a random crop of it still has detail at the model's size.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds no image, or a file is not a usable image (named).</exception>
    public static SceneBank Load(string folder, int side, Device device)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The backgrounds folder '{folder}' does not exist.");
        }
        string[] files = Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg")
            .Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new InvalidDataException($"The backgrounds folder '{folder}' holds no .png, .jpg or .jpeg image.");
        }
        int plane = side * side * 3;
        var rgb = new byte[(long)files.Length * plane];
        var limits = new ImageLimits();
        Parallel.For(0, files.Length, i =>
        {
            byte[] encoded = File.ReadAllBytes(files[i]);
            try
            {
                ImagePreprocessor.Inspect(encoded, limits);
            }
            catch (InvalidImageException e)
            {
                throw new InvalidDataException($"Background '{files[i]}' is not a usable image: {e.Message}", e);
            }
            using var image = Image.Load<Rgb24>(encoded);
            image.Mutate(x => x.Resize(new ResizeOptions { Size = new SixLabors.ImageSharp.Size(side, side), Mode = ResizeMode.Crop }));
            image.CopyPixelDataTo(rgb.AsSpan((int)(i * (long)plane), plane));
        });
        using var scope = NewDisposeScope();
        Tensor scenes = tensor(rgb, [files.Length, side, side, 3]).permute(0, 3, 1, 2).to(ScalarType.Float32).div(255f).contiguous().to(device);
        return new SceneBank(scenes.MoveToOuterDisposeScope(), files);
    }

    /// <inheritdoc />
    public void Dispose() => Scenes.Dispose();
}
