using Google.Protobuf;
using Onnx;
using RpsVision.Core.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Core.Modeling;

/// <summary>
/// ImageNet-pretrained weights for <see cref="ResNet18"/>, read from <c>ResNet18.onnx</c> of the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0 (MIT licence, © Microsoft Corporation; a CNTK model). The
/// Training and Tests projects copy it to <c>pretrained/ResNet18.onnx</c> in their output folders.
/// </summary>
/// <remarks>
/// The original network takes BGR images on the 0-255 scale minus a per-pixel mean image. The import folds the
/// BGR order into the first convolution, so the TorchSharp model takes RGB like the rest of RpsVision, and
/// <see cref="Preprocessing"/> approximates the mean image by its per-channel averages.
/// </remarks>
public static class ImageNetResNet18
{
    // The per-channel averages of the 224x224 mean image that ResNetPreprocess.onnx (same package) subtracts.
    private const double MeanRed = 123.1516307762691;
    private const double MeanGreen = 115.90288236463556;
    private const double MeanBlue = 103.06262401521815;

    /// <summary>Where the Training and Tests projects put the weights: <c>pretrained/ResNet18.onnx</c> beside the application.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "pretrained", "ResNet18.onnx");

    /// <summary>
    /// Copies the ImageNet weights and batch norm statistics of the ONNX file at <paramref name="onnxPath"/> into
    /// every convolution and batch norm of <paramref name="model"/>. The head keeps its own (random) weights: the
    /// file holds the backbone only. The whole graph is checked before anything is copied, so a failed load
    /// leaves <paramref name="model"/> as it was.
    /// </summary>
    /// <param name="model">The network to fill; any number of classes.</param>
    /// <param name="onnxPath">The package's <c>ResNet18.onnx</c>, usually <see cref="DefaultPath"/>.</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="onnxPath"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not an ONNX model, or its graph is not this ResNet18 (initializer count, layer order, a shape, a
    /// stride or padding differs); the message names the file and the difference.
    /// </exception>
    public static void LoadWeights(ResNet18 model, string onnxPath)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(onnxPath);
        string fullPath = Path.GetFullPath(onnxPath);
        GraphProto graph = ReadGraph(fullPath);
        var units = model.ConvBatchNorms().ToList();
        var weights = OnnxResNetWeights.Read(graph, units, fullPath);

        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        for (int i = 0; i < units.Count; i++)
        {
            var (unit, source) = (units[i], weights[i]);
            Tensor convWeight = torch.tensor(source.ConvWeight, unit.Conv.weight!.shape);
            if (ReferenceEquals(unit, model.StemConv))
            {
                convWeight = convWeight.flip(1); // the file's first layer reads B, G, R; ours reads R, G, B
            }
            unit.Conv.weight!.copy_(convWeight);
            unit.BatchNorm.weight!.copy_(torch.tensor(source.Scale));
            unit.BatchNorm.bias!.copy_(torch.tensor(source.Shift));
            unit.BatchNorm.running_mean!.copy_(torch.tensor(source.Mean));
            unit.BatchNorm.running_var!.copy_(torch.tensor(source.Variance));
            unit.BatchNorm.eps = source.Epsilon;
        }
    }

    /// <summary>
    /// The preprocessing the pretrained weights expect, for images of <paramref name="inputSize"/> pixels: RGB on
    /// the 0-255 scale minus ImageNet's channel means, i.e. Mean = the means / 255 and Std = 1 / 255 per channel.
    /// </summary>
    /// <param name="inputSize">Side of the model input; a multiple of 32 (see <see cref="ResNet18.IsValidInputSize"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSize"/> is not a valid ResNet18 input size.</exception>
    public static PreprocessingOptions Preprocessing(int inputSize)
    {
        if (!ResNet18.IsValidInputSize(inputSize))
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize,
                "ResNet18 needs an input size that is a multiple of 32, at least 32 (e.g. 96, 128, 160, 224).");
        }
        const float OneLevel = 1f / 255f;
        return new PreprocessingOptions
        {
            InputSize = inputSize,
            Mean = [(float)(MeanRed / 255), (float)(MeanGreen / 255), (float)(MeanBlue / 255)],
            Std = [OneLevel, OneLevel, OneLevel],
        };
    }

    private static GraphProto ReadGraph(string fullPath)
    {
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException(
                $"Pretrained ResNet18 weights '{fullPath}' do not exist. They are tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx " +
                "of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0.", fullPath);
        }
        ModelProto proto;
        try
        {
            using var file = File.OpenRead(fullPath);
            proto = ModelProto.Parser.ParseFrom(file);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{fullPath}' is not an ONNX model: {e.Message}", e);
        }
        return proto.Graph ?? throw new InvalidDataException($"'{fullPath}' is not an ONNX model: it has no graph.");
    }
}
