using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// The train preset's random transforms, on float images in [0, 1] <c>[B, 3, S, S]</c> on the training device.
/// All geometric transforms form one affine matrix per image (one <c>grid_sample</c>); uncovered pixels become
/// white, the renders' background.
/// </summary>
internal sealed class TensorAugmenter
{
    private readonly AugmentationOptions options;

    public TensorAugmenter(AugmentationOptions options)
    {
        this.options = options;
    }

    /// <summary>
    /// Returns the augmented batch; draws every random number from <paramref name="generator"/>, a CPU generator
    /// (see <see cref="EpochGenerators"/>): the few numbers per image are drawn there and moved to the batch's device.
    /// </summary>
    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        Tensor result = images;
        if (options.HasGeometry)
        {
            result = Warp(result, generator);
        }
        if (options.Brightness > 0 || options.Contrast > 0)
        {
            result = JitterColour(result, generator);
        }
        return result.MoveToOuterDisposeScope();
    }

    private Tensor Warp(Tensor images, Generator generator)
    {
        long n = images.shape[0];
        Device device = images.device;
        Tensor angle = zeros(n, device: device);
        if (options.Rotate90)
        {
            angle = angle + randint(0, 4, [n], generator: generator).to(ScalarType.Float32, device) * (Math.PI / 2);
        }
        if (options.RotationDegrees > 0)
        {
            angle = angle + Symmetric(n, options.RotationDegrees * Math.PI / 180, device, generator);
        }
        Tensor flipX = options.HorizontalFlip ? Sign(n, device, generator) : ones(n, device: device);
        Tensor flipY = options.VerticalFlip ? Sign(n, device, generator) : ones(n, device: device);
        Tensor zoom = options.ScaleJitter > 0 ? 1 + Symmetric(n, options.ScaleJitter, device, generator) : ones(n, device: device);
        // affine_grid maps output to input coordinates in [-1, 1]: a shift of 2 * t spans t of the side.
        Tensor shiftX = Symmetric(n, 2 * options.TranslateJitter, device, generator);
        Tensor shiftY = Symmetric(n, 2 * options.TranslateJitter, device, generator);

        Tensor cos = angle.cos() / zoom, sin = angle.sin() / zoom;
        Tensor theta = stack([
            stack([cos * flipX, -sin * flipY, shiftX], 1),
            stack([sin * flipX, cos * flipY, shiftY], 1),
        ], 1); // [N, 2, 3]
        Tensor grid = nn.functional.affine_grid(theta, images.shape, align_corners: false); // [N, S, S, 2]
        Tensor warped = nn.functional.grid_sample(images - 1, grid, align_corners: false); // zeros padding on x - 1
        return warped + 1; // uncovered pixels: white
    }

    private Tensor JitterColour(Tensor images, Generator generator)
    {
        long n = images.shape[0];
        Device device = images.device;
        Tensor brightness = 1 + Symmetric(n, options.Brightness, device, generator);
        Tensor contrast = 1 + Symmetric(n, options.Contrast, device, generator);
        Tensor x = images * brightness.view(n, 1, 1, 1);
        Tensor mean = x.mean([1, 2, 3], keepdim: true);
        return ((x - mean) * contrast.view(n, 1, 1, 1) + mean).clamp(0, 1);
    }

    private static Tensor Symmetric(long n, double range, Device device, Generator generator) =>
        (Uniform(n, device, generator) * 2 - 1) * range;

    private static Tensor Sign(long n, Device device, Generator generator) =>
        where(Uniform(n, device, generator) < 0.5, -1f, 1f);

    // Drawn where the generator lives, then moved: CUDA sampling ops refuse a CPU generator.
    private static Tensor Uniform(long n, Device device, Generator generator) =>
        rand([n], generator: generator).to(device);
}
