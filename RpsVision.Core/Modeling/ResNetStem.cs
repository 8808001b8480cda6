using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RpsVision.Core.Modeling;

/// <summary>
/// The first layers of <see cref="ResNet18"/>: a 7x7 stride-2 convolution to 64 channels, ReLU and a 3x3
/// stride-2 max pool; together they divide the input side by 4. The padding is CNTK's: three pixels before and
/// two after for the convolution, one before and none after for the pool.
/// </summary>
internal sealed class ResNetStem : Module<Tensor, Tensor>
{
    /// <summary>The max pool's padding; it pads with -inf so that a padded pixel never wins.</summary>
    public static readonly EdgePadding PoolPadding = EdgePadding.TopLeft(1);

    public const long PoolKernel = 3;
    public const long PoolStride = 2;

    private readonly ConvBatchNorm conv;
    private readonly ReLU relu;
    private readonly MaxPool2d pool;

    public ResNetStem() : base(nameof(ResNetStem))
    {
        conv = new ConvBatchNorm(3, 64, kernelSize: 7, stride: 2, new EdgePadding(Top: 3, Left: 3, Bottom: 2, Right: 2));
        relu = ReLU();
        pool = MaxPool2d(kernel_size: PoolKernel, stride: PoolStride);
        RegisterComponents();
    }

    public ConvBatchNorm Conv => conv;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor maps = relu.forward(conv.forward(input));                                       // [N, 64, S/2, S/2]
        Tensor padded = functional.pad(maps, PoolPadding.ToTorch(), value: double.NegativeInfinity); // [N, 64, S/2 + 1, S/2 + 1]
        return pool.forward(padded).MoveToOuterDisposeScope();                                  // [N, 64, S/4, S/4]
    }
}
