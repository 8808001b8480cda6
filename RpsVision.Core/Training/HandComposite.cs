using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// Puts the renders' hands in front of other backgrounds. The renders are hands on pure white, so a pixel's
/// distance from white says how much of it is hand (its alpha), and with a known white background the composite
/// needs no hard mask: <c>out = x + (1 - alpha) * (background - 1)</c> is exact wherever alpha is, and leaves no
/// white fringe around the fingers as a thresholded mask does.
/// </summary>
internal static class HandComposite
{
    /// <summary>
    /// The hand alpha <c>[N, 1, S, S]</c> of images in [0, 1]: 0 on white, rising to 1 as the darkest channel falls
    /// from <paramref name="threshold"/> below white to four times that, then closed (a 3x3 dilation and erosion)
    /// so that highlights inside the hand stay hand.
    /// </summary>
    public static Tensor Alpha(Tensor images, double threshold)
    {
        using var scope = NewDisposeScope();
        Tensor distance = 1 - images.amin([1], keepdim: true); // [N, 1, S, S]
        Tensor alpha = ((distance - threshold) / (3 * threshold)).clamp(0, 1);
        Tensor dilated = nn.functional.max_pool2d(alpha, 3, 1, 1);
        Tensor closed = -nn.functional.max_pool2d(-dilated, 3, 1, 1);
        return closed.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Composites each hand over a background chosen by the draws: kept white with probability
    /// 1 - <see cref="AugmentationOptions.BackgroundProbability"/>; otherwise a crop of a real scene (with
    /// probability <see cref="AugmentationOptions.SceneFraction"/> when there are scenes) or, in equal parts, a
    /// solid colour, a two-colour gradient or smooth noise.
    /// </summary>
    public static Tensor OverBackgrounds(Tensor images, Tensor alpha, Tensor draws, CompositeRows rows, AugmentationOptions options, SceneBank? scenes)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0], size = images.shape[2];
        Device device = images.device;
        Tensor replace = rows.Replace.Of(draws) < options.BackgroundProbability; // [N]
        Tensor kind = rows.Kind.Of(draws);
        Tensor sceneIndex = rows.SceneIndex.Of(draws), sceneZoom = rows.SceneZoom.Of(draws), sceneX = rows.SceneX.Of(draws);
        Tensor sceneY = rows.SceneY.Of(draws), sceneTurn = rows.SceneTurn.Of(draws);
        Tensor first = rows.First.Of(draws).t().reshape(n, 3, 1, 1), second = rows.Second.Of(draws).t().reshape(n, 3, 1, 1);
        Tensor direction = rows.Direction.Of(draws) * (2 * Math.PI);
        Tensor field = rows.Field.Of(draws).t().reshape(n, 3, TensorAugmenter.NoiseCells, TensorAugmenter.NoiseCells);

        Tensor solid = first.expand(n, 3, size, size);
        Tensor gradient = Gradient(first, second, direction, size, device);
        Tensor noise = nn.functional.interpolate(field, [size, size], mode: InterpolationMode.Bicubic, align_corners: false).clamp(0, 1);
        // Procedural kinds in equal thirds of [0, 1); scenes take the low part of `kind` when there are any.
        double sceneShare = scenes is null ? 0 : options.SceneFraction;
        Tensor procedural = ((kind - sceneShare) / Math.Max(1e-6, 1 - sceneShare)).clamp(0, 0.999);
        Tensor background = where(View(procedural < 1.0 / 3), solid, where(View(procedural < 2.0 / 3), gradient, noise));
        if (scenes is not null)
        {
            Tensor scene = SceneCrops(scenes, sceneIndex, sceneZoom, sceneX, sceneY, sceneTurn, size);
            background = where(View(kind < sceneShare), scene, background);
        }
        background = where(View(replace), background, ones_like(images));
        Tensor composite = images + (1 - alpha) * (background - 1);
        return composite.clamp(0, 1).MoveToOuterDisposeScope();
    }

    private static Tensor View(Tensor perImage) => perImage.view(-1, 1, 1, 1);

    /// <summary>A linear blend from one colour to another along a random direction, <c>[N, 3, S, S]</c>.</summary>
    private static Tensor Gradient(Tensor first, Tensor second, Tensor direction, long size, Device device)
    {
        Tensor axis = linspace(-1, 1, size, device: device);
        Tensor x = axis.view(1, 1, 1, size), y = axis.view(1, 1, size, 1);
        Tensor along = x * direction.cos().view(-1, 1, 1, 1) + y * direction.sin().view(-1, 1, 1, 1); // [N, 1, S, S]
        Tensor t = ((along / Math.Sqrt(2)) + 1) / 2;
        return first * (1 - t) + second * t;
    }

    /// <summary>
    /// A random square crop (a third to all of the scene's side), position and quarter turn of a random scene for
    /// each image, resampled to <paramref name="size"/>.
    /// </summary>
    private static Tensor SceneCrops(SceneBank scenes, Tensor index, Tensor zoom, Tensor x, Tensor y, Tensor turn, long size)
    {
        Tensor picked = (index * scenes.Count).floor().clamp(0, scenes.Count - 1).to(ScalarType.Int64);
        Tensor source = scenes.Scenes.index_select(0, picked); // [N, 3, B, B]
        Tensor scale = 1.0 / 3 + zoom * (2.0 / 3);
        Tensor angle = (turn * 4).floor() * (Math.PI / 2);
        Tensor cos = angle.cos() * scale, sin = angle.sin() * scale;
        Tensor shiftX = TensorAugmenter.Symmetric(x, 1) * (1 - scale), shiftY = TensorAugmenter.Symmetric(y, 1) * (1 - scale);
        Tensor theta = stack([stack([cos, -sin, shiftX], 1), stack([sin, cos, shiftY], 1)], 1); // [N, 2, 3]
        Tensor grid = nn.functional.affine_grid(theta, [source.shape[0], 3, size, size], align_corners: false);
        return nn.functional.grid_sample(source, grid, align_corners: false); // [N, 3, S, S]
    }
}
