using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// Colour and sharpness transforms of <see cref="TensorAugmenter"/>: hue and saturation as one 3x3 matrix per image
/// in YIQ space (hue turns the chroma plane, saturation scales it, grey zeroes it), then a colour cast (a gain per channel), then brightness and contrast,
/// then an optional Gaussian blur.
/// </summary>
internal static class ColourJitter
{
    // RGB -> YIQ (NTSC) and back.
    private static readonly float[] ToYiq = [0.299f, 0.587f, 0.114f, 0.596f, -0.274f, -0.322f, 0.211f, -0.523f, 0.312f];
    private static readonly float[] FromYiq = [1f, 0.956f, 0.621f, 1f, -0.272f, -0.647f, 1f, -1.106f, 1.703f];

    public static Tensor Apply(Tensor images, Tensor draws, ColourRows rows, AugmentationOptions options)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0];
        Device device = images.device;
        Tensor brightness = 1 + TensorAugmenter.Symmetric(rows.Brightness.Of(draws), options.Brightness);
        Tensor contrast = 1 + TensorAugmenter.Symmetric(rows.Contrast.Of(draws), options.Contrast);

        Tensor x = images;
        if (rows.Chroma is { } chromaRows)
        {
            Tensor saturation = 1 + TensorAugmenter.Symmetric(chromaRows.Saturation.Of(draws), options.Saturation);
            Tensor hue = TensorAugmenter.Symmetric(chromaRows.Hue.Of(draws), options.Hue * 2 * Math.PI);
            Tensor grey = chromaRows.Grey.Of(draws) < options.GreyProbability;
            Tensor chroma = where(grey, zeros_like(saturation), saturation);
            Tensor cos = hue.cos() * chroma, sin = hue.sin() * chroma, one = ones_like(cos), zero = zeros_like(cos);
            Tensor inYiq = stack([stack([one, zero, zero], 1), stack([zero, cos, -sin], 1), stack([zero, sin, cos], 1)], 1); // [N, 3, 3]
            Tensor to = tensor(ToYiq, [3, 3]).to(device), from = tensor(FromYiq, [3, 3]).to(device);
            Tensor matrix = from.matmul(inYiq).matmul(to); // [N, 3, 3]
            x = matrix.bmm(x.reshape(n, 3, -1)).reshape(images.shape);
        }
        if (rows.Cast is { } cast)
        {
            Tensor gains = 1 + TensorAugmenter.Symmetric(cast.Of(draws), options.ColourCast); // [3, N]
            x = x * gains.t().view(n, 3, 1, 1);
        }
        x = x * brightness.view(n, 1, 1, 1);
        Tensor mean = x.mean([1, 2, 3], keepdim: true);
        return ((x - mean) * contrast.view(n, 1, 1, 1) + mean).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Blurs each image with probability <see cref="AugmentationOptions.BlurProbability"/> by a Gaussian of sigma up to <see cref="AugmentationOptions.MaxBlurSigma"/>.</summary>
    public static Tensor Blur(Tensor images, Tensor draws, BlurRows blur, AugmentationOptions options)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0], size = images.shape[2];
        Tensor blurred = blur.Whether.Of(draws) < options.BlurProbability;
        Tensor sigma = where(blurred, 0.1 + blur.Sigma.Of(draws) * (options.MaxBlurSigma - 0.1), full_like(blurred, 0.01, ScalarType.Float32));
        Tensor offsets = arange(-2, 3, device: images.device).to(ScalarType.Float32).view(1, 5); // radius 2
        Tensor kernel = (-(offsets * offsets) / (2 * sigma.view(n, 1) * sigma.view(n, 1))).exp();
        kernel = kernel / kernel.sum(1, keepdim: true); // [N, 5]
        Tensor weights = kernel.repeat_interleave(3, 0); // [3N, 5], one per channel of each image
        Tensor planes = images.reshape(1, n * 3, size, size);
        Tensor rows = nn.functional.conv2d(nn.functional.pad(planes, [2, 2, 0, 0], TorchSharp.PaddingModes.Replicate), weights.view(n * 3, 1, 1, 5), groups: n * 3);
        Tensor both = nn.functional.conv2d(nn.functional.pad(rows, [0, 0, 2, 2], TorchSharp.PaddingModes.Replicate), weights.view(n * 3, 1, 5, 1), groups: n * 3);
        return both.reshape(images.shape).MoveToOuterDisposeScope();
    }
}
