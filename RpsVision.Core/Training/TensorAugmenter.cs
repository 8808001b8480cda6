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

    private readonly AugmentationOptions options;
    private readonly AugmentationRows rows;
    private readonly SceneBank? scenes;

    /// <param name="options">What to apply.</param>
    /// <param name="scenes">Real scenes to cut backgrounds from; null: procedural backgrounds only.</param>
    public TensorAugmenter(AugmentationOptions options, SceneBank? scenes = null)
    {
        this.options = options;
        rows = new AugmentationRows(options);
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
    public Tensor Draw(long count, Generator generator) => rows.Draw(count, generator);

    /// <summary>
    /// Returns the augmented batch for random numbers from <see cref="Draw"/> (columns: the batch's images), on the
    /// batch's device.
    /// </summary>
    public Tensor Apply(Tensor images, Tensor draws)
    {
        using var scope = NewDisposeScope();
        // A row count of other options would shift every parameter after the first difference.
        if (draws.shape[0] != rows.Count)
        {
            throw new ArgumentException($"The draws have {draws.shape[0]} rows; these options use {rows.Count} (drawn for other options?).", nameof(draws));
        }
        Tensor result = images;
        Tensor? alpha = rows.Composite is null ? null : HandComposite.Alpha(images, options.MaskThreshold);
        if (rows.Geometry is { } geometry)
        {
            (result, alpha) = Warp(result, alpha, draws, geometry);
        }
        if (alpha is not null && rows.Composite is { } composite)
        {
            result = HandComposite.OverBackgrounds(result, alpha, draws, composite, options, scenes);
        }
        if (rows.Colour is { } colour)
        {
            result = ColourJitter.Apply(result, draws, colour, options);
        }
        if (rows.Blur is { } blur)
        {
            result = ColourJitter.Blur(result, draws, blur, options);
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Warps the images (uncovered pixels white) and their hand alpha (uncovered: no hand) with one affine matrix each.</summary>
    private (Tensor Images, Tensor? Alpha) Warp(Tensor images, Tensor? alpha, Tensor draws, GeometryRows rows)
    {
        long n = images.shape[0];
        Device device = images.device;
        Tensor angle = zeros(n, device: device);
        if (rows.QuarterTurn is { } quarterTurn)
        {
            angle = angle + quarterTurn.Of(draws) * (Math.PI / 2);
        }
        if (rows.Rotation is { } rotation)
        {
            angle = angle + Symmetric(rotation.Of(draws), options.RotationDegrees * Math.PI / 180);
        }
        Tensor flipX = rows.FlipX is { } horizontal ? Sign(horizontal.Of(draws)) : ones(n, device: device);
        Tensor flipY = rows.FlipY is { } vertical ? Sign(vertical.Of(draws)) : ones(n, device: device);
        Tensor zoom = rows.Zoom is { } scale ? 1 + Symmetric(scale.Of(draws), options.ScaleJitter) : ones(n, device: device);
        Tensor aspect = rows.Aspect is { } stretch ? Symmetric(stretch.Of(draws), Math.Log(1 + options.AspectJitter)).exp() : ones(n, device: device);
        // affine_grid maps output to input coordinates in [-1, 1]: a shift of 2 * t spans t of the side.
        Tensor shiftX = Symmetric(rows.ShiftX.Of(draws), 2 * options.TranslateJitter);
        Tensor shiftY = Symmetric(rows.ShiftY.Of(draws), 2 * options.TranslateJitter);

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
}
