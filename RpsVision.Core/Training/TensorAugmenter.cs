using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// The train preset's random transforms, on float images in [0, 1] <c>[B, 3, S, S]</c> on the training device, in
/// this order: a hand mask from the renders' white background; one affine warp per image (flips, rotations, scale,
/// aspect, translation) of the image and its mask; the hand composited over a random background (a crop of a real
/// scene, a solid colour, a gradient or smooth noise); colour (hue, saturation, grey, brightness, contrast); blur.
/// Without compositing, pixels the warp uncovers are white, the renders' background.
/// </summary>
internal sealed class TensorAugmenter
{
    /// <summary>Cells a side of the smooth-noise backgrounds' random field.</summary>
    internal const int NoiseCells = 4;

    private const int CompositeScalarRows = 14;

    private readonly AugmentationOptions options;
    private readonly SceneBank? scenes;

    /// <param name="options">What to apply.</param>
    /// <param name="scenes">Real scenes to cut backgrounds from; null: procedural backgrounds only.</param>
    public TensorAugmenter(AugmentationOptions options, SceneBank? scenes = null)
    {
        this.options = options;
        this.scenes = scenes;
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
        void Uniform(int n = 1)
        {
            for (int i = 0; i < n; i++)
            {
                rows.Add(rand([count], generator: generator));
            }
        }
        if (options.HasGeometry)
        {
            if (options.Rotate90)
            {
                rows.Add(randint(0, 4, [count], generator: generator).to(ScalarType.Float32));
            }
            if (options.RotationDegrees > 0)
            {
                Uniform();
            }
            if (options.HorizontalFlip)
            {
                Uniform();
            }
            if (options.VerticalFlip)
            {
                Uniform();
            }
            if (options.ScaleJitter > 0)
            {
                Uniform();
            }
            if (options.AspectJitter > 0)
            {
                Uniform();
            }
            Uniform(2); // shift x, y
        }
        if (HasComposite)
        {
            Uniform(CompositeScalarRows + 3 * NoiseCells * NoiseCells);
        }
        if (HasColour)
        {
            Uniform(2); // brightness, contrast
        }
        if (HasChroma)
        {
            Uniform(3); // saturation, hue, grey
        }
        if (options.ColourCast > 0)
        {
            Uniform(3); // red, green, blue gains
        }
        if (options.BlurProbability > 0)
        {
            Uniform(2); // whether, sigma
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
        Tensor? alpha = HasComposite ? HandComposite.Alpha(images, options.MaskThreshold) : null;
        if (options.HasGeometry)
        {
            (result, alpha) = Warp(result, alpha, next);
        }
        if (alpha is not null)
        {
            result = HandComposite.OverBackgrounds(result, alpha, next, options, scenes);
        }
        if (HasColour)
        {
            result = ColourJitter.Apply(result, next, options);
        }
        if (options.BlurProbability > 0)
        {
            result = ColourJitter.Blur(result, next, options);
        }
        // Draw and Apply must take the same rows in the same order; a row left over means they disagree.
        if (next.Taken != draws.shape[0])
        {
            throw new ArgumentException($"The draws have {draws.shape[0]} rows; these options use {next.Taken} (drawn for other options?).", nameof(draws));
        }
        return result.MoveToOuterDisposeScope();
    }

    private bool HasComposite => options.BackgroundProbability > 0;

    private bool HasColour => options.Brightness > 0 || options.Contrast > 0 || HasChroma || options.ColourCast > 0;

    // Drawn only when used, so that presets without them (renders) draw exactly the numbers they always drew.
    private bool HasChroma => options.Saturation > 0 || options.Hue > 0 || options.GreyProbability > 0;

    /// <summary>Warps the images (uncovered pixels white) and their hand alpha (uncovered: no hand) with one affine matrix each.</summary>
    private (Tensor Images, Tensor? Alpha) Warp(Tensor images, Tensor? alpha, RowReader next)
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
        Tensor aspect = options.AspectJitter > 0 ? (Symmetric(next.Row(), Math.Log(1 + options.AspectJitter))).exp() : ones(n, device: device);
        // affine_grid maps output to input coordinates in [-1, 1]: a shift of 2 * t spans t of the side.
        Tensor shiftX = Symmetric(next.Row(), 2 * options.TranslateJitter);
        Tensor shiftY = Symmetric(next.Row(), 2 * options.TranslateJitter);

        Tensor zoomX = zoom * aspect.sqrt(), zoomY = zoom / aspect.sqrt();
        Tensor cos = angle.cos(), sin = angle.sin();
        Tensor theta = stack([
            stack([cos * flipX / zoomX, -sin * flipY / zoomY, shiftX], 1),
            stack([sin * flipX / zoomX, cos * flipY / zoomY, shiftY], 1),
        ], 1); // [N, 2, 3]
        Tensor grid = nn.functional.affine_grid(theta, images.shape, align_corners: false); // [N, S, S, 2]
        Tensor stacked = alpha is null ? images - 1 : cat([images - 1, alpha], 1); // zeros padding: white, no hand
        Tensor warped = nn.functional.grid_sample(stacked, grid, align_corners: false); // [N, 3 or 4, S, S]
        return alpha is null
            ? (warped + 1, null)
            : (warped.narrow(1, 0, 3) + 1, warped.narrow(1, 3, 1));
    }

    internal static Tensor Symmetric(Tensor uniform, double range) => (uniform * 2 - 1) * range;

    private static Tensor Sign(Tensor uniform) => where(uniform < 0.5, -1f, 1f);

    /// <summary>Hands out the rows of a <see cref="Draw"/> result in the order they were drawn.</summary>
    internal sealed class RowReader(Tensor draws)
    {
        public int Taken { get; private set; }

        public Tensor Row() => draws[Taken++];

        public Tensor Rows(int count)
        {
            Tensor rows = draws.narrow(0, Taken, count);
            Taken += count;
            return rows;
        }
    }
}
