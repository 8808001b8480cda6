using RpsVision.Core.Preprocessing;
using RpsVision.Core.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// What the rest of Core needs to know of the architectures: how to build one from the training options, which
/// parameters learn at which rate, what preprocessing and input sizes it takes, and how a report names it.
/// </summary>
internal static class ClassifierNetworks
{
    /// <summary>
    /// Builds the network of <paramref name="options"/> with fresh weights (seed first); for ResNet18 with
    /// <paramref name="withPretrainedWeights"/>, the ImageNet weights are read into it.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(TrainingOptions options, bool withPretrainedWeights)
    {
        switch (options.Architecture)
        {
            case ModelArchitecture.ResNet18:
                var resnet = new ResNet18(options.Model.NumClasses) { FreezeBatchNormStatistics = options.FreezeBatchNormStatistics };
                if (withPretrainedWeights)
                {
                    LoadPretrained(resnet, PretrainedPath(options));
                }
                return resnet;
            case ModelArchitecture.RpsNet:
                return new RpsNet(options.Model);
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Architecture, "Unknown architecture.");
        }
    }

    // The file comes from --pretrained or from beside the program: the message says which flag sets it.
    private static void LoadPretrained(ResNet18 network, string path)
    {
        try
        {
            ImageNetResNet18.LoadWeights(network, path);
        }
        catch (FileNotFoundException e)
        {
            network.Dispose();
            throw new FileNotFoundException($"{e.Message} Point --pretrained at a copy of ResNet18.onnx from the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, or rebuild to restore it.", path, e);
        }
        catch (InvalidDataException e)
        {
            network.Dispose();
            throw new InvalidDataException($"--pretrained: {e.Message}", e);
        }
    }

    /// <summary>The ONNX file the ImageNet weights are read from: <see cref="TrainingOptions.PretrainedWeights"/>, else the packaged copy.</summary>
    public static string PretrainedPath(TrainingOptions options) => options.PretrainedWeights ?? ImageNetResNet18.DefaultPath;

    /// <summary>
    /// The optimizer's parameter groups with their share of the peak learning rate: a pretrained backbone learns
    /// at <see cref="TrainingOptions.BackboneLearningRateScale"/> of the new head's rate, so fine-tuning keeps what
    /// ImageNet taught it.
    /// </summary>
    public static IReadOnlyList<(IEnumerable<Parameter> Parameters, double Scale)> ParameterGroups(nn.Module<Tensor, Tensor> network, TrainingOptions options) =>
        network switch
        {
            ResNet18 resnet => [(resnet.BackboneParameters(), options.BackboneLearningRateScale), (resnet.HeadParameters(), 1.0)],
            _ => [(network.parameters(), 1.0)],
        };

    /// <summary>The preprocessing a network of <paramref name="architecture"/> takes at <paramref name="inputSize"/>.</summary>
    public static PreprocessingOptions Preprocessing(ModelArchitecture architecture, int inputSize, SquareFit fit)
    {
        ValidateInputSize(architecture, inputSize);
        return architecture switch
        {
            ModelArchitecture.ResNet18 => ImageNetResNet18.Preprocessing(inputSize) with { Fit = fit },
            _ => new PreprocessingOptions { InputSize = inputSize, Fit = fit },
        };
    }

    /// <summary>Throws when <paramref name="inputSize"/> does not suit <paramref name="architecture"/>, naming the flag.</summary>
    public static void ValidateInputSize(ModelArchitecture architecture, int inputSize)
    {
        if (architecture == ModelArchitecture.ResNet18 && !ResNet18.IsValidInputSize(inputSize))
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize,
                $"Input size (--image-size) {inputSize} does not suit --model resnet18: it takes multiples of 32 (96, 128, 160, 224).");
        }
    }

    /// <summary>The number of trainable parameters.</summary>
    public static long ParameterCount(this nn.Module<Tensor, Tensor> network) => network.parameters().Sum(p => p.numel());

    /// <summary>How a report names the network of <paramref name="options"/> (architecture and size).</summary>
    public static string Describe(TrainingOptions options, nn.Module<Tensor, Tensor> network) => options.Architecture switch
    {
        ModelArchitecture.ResNet18 =>
            $"ResNet18 (ImageNet weights, backbone at {options.BackboneLearningRateScale:0.###}x the head's learning rate, batch norm statistics {(options.FreezeBatchNormStatistics ? "frozen" : "updated")})",
        _ => $"RpsNet [{string.Join(", ", options.Model.StageChannels)}]",
    } + $", {ParameterCount(network):N0} parameters";
}
