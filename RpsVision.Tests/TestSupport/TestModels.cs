using RpsVision.Core.Export;
using RpsVision.Core.Inference;
using RpsVision.Core.Modeling;
using RpsVision.Core.Preprocessing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RpsVision.Tests.TestSupport;

/// <summary>Small models with random weights, exported to ONNX, for tests that need a real model file.</summary>
public static class TestModels
{
    /// <summary>The labels of the test models, in output order.</summary>
    public static readonly IReadOnlyList<string> Labels = RpsVision.Core.Data.RpsLabels.Names;

    /// <summary>An <see cref="RpsNet"/> with seeded random weights and non-trivial batch norm statistics, in eval mode.</summary>
    public static RpsNet CreateRpsNet(int seed = 1, RpsNetOptions? options = null)
    {
        torch.manual_seed(seed);
        var model = new RpsNet(options ?? new RpsNetOptions());
        RandomizeBatchNorm(model, seed);
        model.eval();
        return model;
    }

    /// <summary>Gives every batch norm of <paramref name="model"/> random running statistics and affine parameters.</summary>
    public static void RandomizeBatchNorm(nn.Module model, int seed = 1)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var generator = new Generator((ulong)seed);
        foreach (var (_, module) in model.named_modules())
        {
            if (module is BatchNorm2d bn)
            {
                long c = bn.num_features;
                bn.running_mean!.copy_(torch.randn(c, generator: generator) * 0.5);
                bn.running_var!.copy_(torch.rand(c, generator: generator) * 1.5 + 0.25);
                bn.weight?.copy_(torch.randn(c, generator: generator) * 0.3 + 1);
                bn.bias?.copy_(torch.randn(c, generator: generator) * 0.2);
            }
        }
    }

    /// <summary>Complete metadata for a test model of the given input size.</summary>
    public static ModelMetadata Metadata(int inputSize = 28, string runId = "test-run") => new()
    {
        ModelName = "rps-cnn",
        ModelVersion = "1",
        RunId = runId,
        Labels = Labels,
        Preprocessing = new PreprocessingOptions { InputSize = inputSize },
        DatasetDigests = new Dictionary<string, string> { ["train"] = "sha256:test-train", ["test"] = "sha256:test-test" },
        ValidationAccuracy = 0.5,
        TestAccuracy = 0.25,
    };

    /// <summary>
    /// Exports the default architecture as served: a <see cref="ResNet18"/> with the ImageNet backbone and a seeded
    /// random head, with the ImageNet preprocessing in its metadata; returns the file's path.
    /// </summary>
    public static string CreateResNet18OnnxModel(string directory, int inputSize = 32, int seed = 1, string fileName = "resnet18.onnx")
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(seed);
        using var model = new ResNet18();
        ImageNetResNet18.LoadWeights(model, ImageNetResNet18.DefaultPath);
        model.eval();
        Tensor batch = torch.randn(4, 3, inputSize, inputSize) * 60;
        var metadata = Metadata(inputSize) with { Preprocessing = ImageNetResNet18.Preprocessing(inputSize) };
        return OnnxExporter.Export(model, metadata, Path.Combine(directory, fileName), batch).Path;
    }

    /// <summary>
    /// Builds an <see cref="RpsNet"/> with random weights (seeded) and exports it with <see cref="Metadata"/> to
    /// <c>directory/fileName</c>; returns the file's path.
    /// </summary>
    public static string CreateOnnxModel(string directory, int inputSize = 28, int seed = 1, string fileName = "model.onnx")
    {
        using var scope = torch.NewDisposeScope();
        using RpsNet model = CreateRpsNet(seed);
        torch.manual_seed(seed);
        Tensor batch = torch.randn(4, 3, inputSize, inputSize);
        return OnnxExporter.Export(model, Metadata(inputSize), Path.Combine(directory, fileName), batch).Path;
    }
}
