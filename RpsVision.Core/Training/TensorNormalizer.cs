using RpsVision.Core.Preprocessing;
using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// The tensor form of <see cref="ImagePreprocessor.Normalize"/>: <c>(x - Mean[c]) / Std[c]</c> on images in
/// [0, 1], with the same <see cref="PreprocessingOptions"/> constants that serving uses.
/// </summary>
internal sealed class TensorNormalizer : IDisposable
{
    private readonly Tensor mean;
    private readonly Tensor std;

    public TensorNormalizer(PreprocessingOptions options, Device device)
    {
        mean = tensor(options.Mean.ToArray(), [1, 3, 1, 1]).to(device);
        std = tensor(options.Std.ToArray(), [1, 3, 1, 1]).to(device);
    }

    /// <summary>uint8 images <c>[B, 3, S, S]</c> → float in [0, 1].</summary>
    public static Tensor ToUnit(Tensor bytes) => bytes.to(ScalarType.Float32).div_(255f);

    /// <summary>Float images in [0, 1] → the model's normalised input.</summary>
    public Tensor Normalize(Tensor unit) => (unit - mean) / std;

    public void Dispose()
    {
        mean.Dispose();
        std.Dispose();
    }
}
