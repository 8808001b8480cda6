using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RpsVision.Core.Modeling;

/// <summary>
/// ResNet18 (He et al., 2015) as the ImageNet-trained CNTK model builds it, so that
/// <see cref="ImageNetResNet18.LoadWeights"/> can load its weights unchanged: a stem (7x7 stride-2 convolution,
/// 3x3 stride-2 max pool), four stages of basic blocks (64, 128, 256, 512 channels; every stage after the first
/// halves the side), global average pooling to <see cref="FeatureCount"/> features and a linear head. The CNTK
/// model has 2, 2, 2 and 3 blocks per stage (22 convolutions, 15.9 million backbone parameters); torchvision's
/// resnet18 has 2 in the last stage.
/// </summary>
/// <remarks>
/// Input: normalised RGB images [N, 3, S, S] where S is a multiple of 32 (see <see cref="IsValidInputSize"/>);
/// with pretrained weights, normalise as <see cref="ImageNetResNet18.Preprocessing"/> says. Output: logits
/// [N, classes]. The padding is asymmetric (top and left only for every stride-2 window), which is why other
/// sizes fail: the two branches of a downsampling block would then disagree by a pixel.
/// </remarks>
public sealed class ResNet18 : Module<Tensor, Tensor>
{
    /// <summary>Number of pooled features the backbone produces, the input width of the head.</summary>
    public const int FeatureCount = 512;

    /// <summary>The factor by which the backbone divides the input side.</summary>
    private const int Downsampling = 32;

    private static readonly long[] StageChannels = [64, 128, 256, FeatureCount];

    private static readonly int[] BlocksPerStage = [2, 2, 2, 3];

    private readonly ResNetStem stem;
    private readonly Sequential stages;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Flatten flatten;
    private readonly Linear classifier;
    private bool freezeBatchNormStatistics = true;

    /// <summary>Creates the network with freshly initialised weights (seed with <c>torch.manual_seed</c> first).</summary>
    /// <param name="numClasses">Number of classes the head predicts; at least 2. Default 3 (rock, paper, scissors).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numClasses"/> is less than 2.</exception>
    public ResNet18(int numClasses = 3) : base(nameof(ResNet18))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 2);
        stem = new ResNetStem();
        var stageList = new List<(string, Module<Tensor, Tensor>)>(StageChannels.Length);
        long inputChannels = 64;
        for (int stage = 0; stage < StageChannels.Length; stage++)
        {
            long channels = StageChannels[stage];
            long stride = stage == 0 ? 1 : 2;
            var blocks = new List<(string, Module<Tensor, Tensor>)>();
            for (int block = 0; block < BlocksPerStage[stage]; block++)
            {
                blocks.Add(($"block{block + 1}", new ResNetBasicBlock(inputChannels, channels, block == 0 ? stride : 1)));
                inputChannels = channels;
            }
            stageList.Add(($"stage{stage + 1}", Sequential(blocks)));
        }
        stages = Sequential(stageList);
        pool = AdaptiveAvgPool2d(1);
        flatten = Flatten();
        classifier = Linear(FeatureCount, numClasses);
        NumClasses = numClasses;
        RegisterComponents();
        train(training); // a new module is in training mode: freeze the batch norm statistics from the start
    }

    /// <summary>Number of classes the head predicts.</summary>
    public int NumClasses { get; }

    /// <summary>
    /// When true (the default), <see cref="train(bool)"/> leaves every batch norm layer in eval mode: it keeps
    /// normalising with the running statistics it was loaded with and never updates them, while its scale and
    /// shift stay trainable. Fine-tuning on a few thousand images then cannot overwrite ImageNet's statistics
    /// with noisy small-batch ones. Changing it while in training mode takes effect at once.
    /// </summary>
    public bool FreezeBatchNormStatistics
    {
        get => freezeBatchNormStatistics;
        set
        {
            freezeBatchNormStatistics = value;
            if (training)
            {
                train(true);
            }
        }
    }

    /// <summary>True when the backbone accepts images of <paramref name="size"/> x <paramref name="size"/> pixels: a multiple of 32, at least 32.</summary>
    public static bool IsValidInputSize(int size) => size >= Downsampling && size % Downsampling == 0;

    /// <summary>Computes logits [N, classes] for normalised RGB images [N, 3, S, S].</summary>
    /// <exception cref="ArgumentException">The input is not [N, 3, S, S] with a valid S (see <see cref="IsValidInputSize"/>); the message names its shape.</exception>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor features = Features(input);            // [N, 512]
        Tensor logits = classifier.forward(features); // [N, classes]
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>Computes the pooled backbone features [N, <see cref="FeatureCount"/>] for normalised RGB images [N, 3, S, S].</summary>
    /// <exception cref="ArgumentException">The input is not [N, 3, S, S] with a valid S (see <see cref="IsValidInputSize"/>); the message names its shape.</exception>
    public Tensor Features(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input);
        using var scope = NewDisposeScope();
        Tensor maps = stem.forward(input);    // [N, 64, S/4, S/4]
        maps = stages.forward(maps);          // [N, 512, S/32, S/32]
        Tensor pooled = pool.forward(maps);   // [N, 512, 1, 1]
        return flatten.forward(pooled).MoveToOuterDisposeScope(); // [N, 512]
    }

    /// <summary>The parameters of everything before the head (stem and stages), e.g. for a smaller learning rate.</summary>
    public IEnumerable<Parameter> BackboneParameters() => stem.parameters().Concat(stages.parameters());

    /// <summary>The parameters of the linear head (<c>classifier</c>).</summary>
    public IEnumerable<Parameter> HeadParameters() => classifier.parameters();

    /// <summary>
    /// Sets training mode like <see cref="Module.train(bool)"/>, then, while <see cref="FreezeBatchNormStatistics"/>
    /// is true, puts every batch norm layer back in eval mode.
    /// </summary>
    /// <param name="train">True for training mode, false for eval mode.</param>
    public override void train(bool train = true)
    {
        base.train(train);
        if (train && freezeBatchNormStatistics)
        {
            foreach (var unit in ConvBatchNorms())
            {
                unit.BatchNorm.eval();
            }
        }
    }

    /// <summary>The layers in the order they run, for the ONNX exporter.</summary>
    internal IEnumerable<(string Name, Module Module)> Layers()
    {
        yield return ("stem", stem);
        foreach (var (stageName, stage) in stages.named_children())
        {
            foreach (var (blockName, block) in stage.named_children())
            {
                yield return ($"{stageName}.{blockName}", block);
            }
        }
        yield return ("pool", pool);
        yield return ("flatten", flatten);
        yield return ("classifier", classifier);
    }

    /// <summary>
    /// Every convolution with its batch norm, in the order the CNTK graph lists them: the stem, then per block
    /// the shortcut (where there is one), the first and the second convolution.
    /// </summary>
    internal IEnumerable<ConvBatchNorm> ConvBatchNorms()
    {
        yield return stem.Conv;
        foreach (var block in Blocks())
        {
            if (block.Shortcut is not null)
            {
                yield return block.Shortcut;
            }
            yield return block.A;
            yield return block.B;
        }
    }

    internal ConvBatchNorm StemConv => stem.Conv;

    internal Linear Classifier => classifier;

    private IEnumerable<ResNetBasicBlock> Blocks() =>
        stages.children().SelectMany(stage => stage.children()).Cast<ResNetBasicBlock>();

    private static void CheckInput(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != 3 || input.shape[2] != input.shape[3]
            || input.shape[2] > int.MaxValue || !IsValidInputSize((int)input.shape[2]))
        {
            throw new ArgumentException(
                $"ResNet18 needs images [N, 3, S, S] with S a multiple of {Downsampling} (at least {Downsampling}), " +
                $"not [{string.Join(", ", input.shape)}].", nameof(input));
        }
    }
}
