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
    /// Returns the augmented batch, its random numbers drawn from <paramref name="generator"/> (a CPU generator, see
    /// <see cref="EpochGenerators"/>) and moved to the batch's device.
    /// </summary>
    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        Tensor draws = Draw(images.shape[0], generator).to(images.device);
        return Apply(images, draws).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The random numbers that augment <paramref name="count"/> images, drawn on the CPU: <c>[rows, count]</c>, one
    /// row per random parameter the options use, in a fixed order. Drawing an epoch's batches up front and moving
    /// them to the GPU in one copy spares a copy per batch, each of which would wait for the GPU to finish its queue.
    /// </summary>
    public Tensor Draw(long count, Generator generator)
    {
        using var scope = NewDisposeScope();
        var rows = new List<Tensor>();
        if (options.HasGeometry)
        {
            if (options.Rotate90)
            {
                rows.Add(randint(0, 4, [count], generator: generator).to(ScalarType.Float32));
            }
            if (options.RotationDegrees > 0)
            {
                rows.Add(rand([count], generator: generator));
            }
            if (options.HorizontalFlip)
            {
                rows.Add(rand([count], generator: generator));
            }
            if (options.VerticalFlip)
            {
                rows.Add(rand([count], generator: generator));
            }
            if (options.ScaleJitter > 0)
            {
                rows.Add(rand([count], generator: generator));
            }
            rows.Add(rand([count], generator: generator)); // shift x
            rows.Add(rand([count], generator: generator)); // shift y
        }
        if (HasColour)
        {
            rows.Add(rand([count], generator: generator)); // brightness
            rows.Add(rand([count], generator: generator)); // contrast
        }
        Tensor draws = rows.Count == 0 ? empty(0, count) : stack(rows);
        return draws.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Returns the augmented batch for random numbers from <see cref="Draw"/> (columns: the batch's images), on the
    /// batch's device.
    /// </summary>
    public Tensor Apply(Tensor images, Tensor draws)
    {
        using var scope = NewDisposeScope();
        var next = new RowReader(draws);
        Tensor result = images;
        if (options.HasGeometry)
        {
            result = Warp(result, next);
        }
        if (HasColour)
        {
            result = JitterColour(result, next);
        }
        // Draw and Apply must take the same rows in the same order; a row left over means they disagree.
        if (next.Taken != draws.shape[0])
        {
            throw new ArgumentException($"The draws have {draws.shape[0]} rows; these options use {next.Taken} (drawn for other options?).", nameof(draws));
        }
        return result.MoveToOuterDisposeScope();
    }

    private bool HasColour => options.Brightness > 0 || options.Contrast > 0;

    private Tensor Warp(Tensor images, RowReader next)
    {
        long n = images.shape[0];
        Device device = images.device;
        Tensor angle = zeros(n, device: device);
        if (options.Rotate90)
        {
            angle = angle + next.Row() * (Math.PI / 2);
        }
        if (options.RotationDegrees > 0)
        {
            angle = angle + Symmetric(next.Row(), options.RotationDegrees * Math.PI / 180);
        }
        Tensor flipX = options.HorizontalFlip ? Sign(next.Row()) : ones(n, device: device);
        Tensor flipY = options.VerticalFlip ? Sign(next.Row()) : ones(n, device: device);
        Tensor zoom = options.ScaleJitter > 0 ? 1 + Symmetric(next.Row(), options.ScaleJitter) : ones(n, device: device);
        // affine_grid maps output to input coordinates in [-1, 1]: a shift of 2 * t spans t of the side.
        Tensor shiftX = Symmetric(next.Row(), 2 * options.TranslateJitter);
        Tensor shiftY = Symmetric(next.Row(), 2 * options.TranslateJitter);

        Tensor cos = angle.cos() / zoom, sin = angle.sin() / zoom;
        Tensor theta = stack([
            stack([cos * flipX, -sin * flipY, shiftX], 1),
            stack([sin * flipX, cos * flipY, shiftY], 1),
        ], 1); // [N, 2, 3]
        Tensor grid = nn.functional.affine_grid(theta, images.shape, align_corners: false); // [N, S, S, 2]
        Tensor warped = nn.functional.grid_sample(images - 1, grid, align_corners: false); // zeros padding on x - 1
        return warped + 1; // uncovered pixels: white
    }

    private Tensor JitterColour(Tensor images, RowReader next)
    {
        long n = images.shape[0];
        Tensor brightness = 1 + Symmetric(next.Row(), options.Brightness);
        Tensor contrast = 1 + Symmetric(next.Row(), options.Contrast);
        Tensor x = images * brightness.view(n, 1, 1, 1);
        Tensor mean = x.mean([1, 2, 3], keepdim: true);
        return ((x - mean) * contrast.view(n, 1, 1, 1) + mean).clamp(0, 1);
    }

    private static Tensor Symmetric(Tensor uniform, double range) => (uniform * 2 - 1) * range;

    private static Tensor Sign(Tensor uniform) => where(uniform < 0.5, -1f, 1f);

    /// <summary>Hands out the rows of a <see cref="Draw"/> result in the order they were drawn.</summary>
    private sealed class RowReader(Tensor draws)
    {
        public int Taken { get; private set; }

        public Tensor Row() => draws[Taken++];
    }
}
