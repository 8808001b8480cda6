using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RpsVision.Core.Modeling;

/// <summary>
/// A ResNet basic block: relu(b(relu(a(x))) + shortcut(x)) with two 3x3 convolutions. When the block halves the
/// side or changes the channel count, the shortcut is a 1x1 stride-2 convolution with batch norm; otherwise it is
/// the identity.
/// </summary>
internal sealed class ResNetBasicBlock : Module<Tensor, Tensor>
{
    private readonly ConvBatchNorm a;
    private readonly ReLU relu;
    private readonly ConvBatchNorm b;
    private readonly ConvBatchNorm? shortcut;

    public ResNetBasicBlock(long inputChannels, long outputChannels, long stride) : base(nameof(ResNetBasicBlock))
    {
        // CNTK pads a stride-2 3x3 window on the top and left only; torch's symmetric padding would shift every
        // downsampled pixel by half a pixel against the pretrained weights.
        var firstPadding = stride == 1 ? EdgePadding.Uniform(1) : EdgePadding.TopLeft(1);
        a = new ConvBatchNorm(inputChannels, outputChannels, kernelSize: 3, stride: stride, firstPadding);
        relu = ReLU();
        b = new ConvBatchNorm(outputChannels, outputChannels, kernelSize: 3, stride: 1, EdgePadding.Uniform(1));
        if (stride != 1 || inputChannels != outputChannels)
        {
            shortcut = new ConvBatchNorm(inputChannels, outputChannels, kernelSize: 1, stride: stride, EdgePadding.None);
        }
        RegisterComponents();
    }

    public ConvBatchNorm A => a;

    public ConvBatchNorm B => b;

    /// <summary>The projection shortcut, or null where the block adds its input unchanged.</summary>
    public ConvBatchNorm? Shortcut => shortcut;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor residual = b.forward(relu.forward(a.forward(input))); // [N, C_out, S / stride, S / stride]
        Tensor identity = shortcut?.forward(input) ?? input;        // [N, C_out, S / stride, S / stride]
        return relu.forward(residual + identity).MoveToOuterDisposeScope();
    }
}
