using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RpsVision.Core.Modeling;

/// <summary>
/// Explicit zero padding, an unpadded bias-free convolution and a batch norm: the unit every convolution of
/// <see cref="ResNet18"/> is built from. The padding is a separate step so that it can be asymmetric.
/// </summary>
internal sealed class ConvBatchNorm : Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;

    public ConvBatchNorm(long inputChannels, long outputChannels, long kernelSize, long stride, EdgePadding padding)
        : base(nameof(ConvBatchNorm))
    {
        Padding = padding;
        conv = Conv2d(inputChannels, outputChannels, kernel_size: kernelSize, stride: stride, bias: false);
        bn = BatchNorm2d(outputChannels);
        RegisterComponents();
    }

    /// <summary>Pixels of zeros added around the input before <see cref="Conv"/> runs.</summary>
    public EdgePadding Padding { get; }

    public Conv2d Conv => conv;

    public BatchNorm2d BatchNorm => bn;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor padded = Padding.IsNone ? input : functional.pad(input, Padding.ToTorch()); // [N, C_in, H + pads, W + pads]
        Tensor output = bn.forward(conv.forward(padded));                                    // [N, C_out, H', W']
        return output.MoveToOuterDisposeScope();
    }
}
