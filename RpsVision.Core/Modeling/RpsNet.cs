using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RpsVision.Core.Modeling;

/// <summary>
/// The rock-paper-scissors CNN: stages of (3x3 conv, batch norm, ReLU) x 2 + 2x2 max pool, then global
/// average pooling, dropout and a linear classifier. Input: normalised RGB images [N, 3, S, S] for any S ≥ 2^stages;
/// output: logits [N, classes]. Global average pooling makes the network independent of the input size.
/// </summary>
/// <remarks>
/// The layers run in the order of <see cref="Features"/> then <see cref="Head"/>; the ONNX exporter walks them
/// in that order.
/// </remarks>
public sealed class RpsNet : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Sequential head;

    /// <summary>Creates the network with freshly initialised weights (seed with <c>torch.manual_seed</c> first).</summary>
    public RpsNet(RpsNetOptions options) : base(nameof(RpsNet))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;

        var layers = new List<(string, Module<Tensor, Tensor>)>();
        int inputChannels = 3;
        for (int stage = 0; stage < options.StageChannels.Count; stage++)
        {
            int channels = options.StageChannels[stage];
            for (int block = 1; block <= 2; block++)
            {
                string name = $"stage{stage + 1}_block{block}";
                layers.Add(($"{name}_conv", Conv2d(inputChannels, channels, kernel_size: 3, padding: 1, bias: false)));
                layers.Add(($"{name}_bn", BatchNorm2d(channels)));
                layers.Add(($"{name}_relu", ReLU()));
                inputChannels = channels;
            }
            layers.Add(($"stage{stage + 1}_pool", MaxPool2d(kernel_size: 2)));
        }
        features = Sequential(layers);
        head = Sequential(
            ("pool", AdaptiveAvgPool2d(1)),
            ("flatten", Flatten()),
            ("dropout", Dropout(options.Dropout)),
            ("classifier", Linear(inputChannels, options.NumClasses)));

        RegisterComponents();
    }

    /// <summary>The architecture this network was built with.</summary>
    public RpsNetOptions Options { get; }

    /// <summary>The convolutional feature extractor, in execution order.</summary>
    public Sequential Features => features;

    /// <summary>Pooling and classifier, in execution order, run after <see cref="Features"/>.</summary>
    public Sequential Head => head;

    /// <summary>Computes logits [N, classes] for images [N, 3, S, S].</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor maps = features.forward(input); // [N, C_last, S / 2^stages, S / 2^stages]
        Tensor logits = head.forward(maps);    // [N, classes]
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>The number of trainable parameters.</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());
}
