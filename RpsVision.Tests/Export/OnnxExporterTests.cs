using Microsoft.ML.OnnxRuntime;
using Onnx;
using RpsVision.Core.Export;
using RpsVision.Core.Inference;
using RpsVision.Core.Modeling;
using RpsVision.Core.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using ModelMetadata = RpsVision.Core.Inference.ModelMetadata;

namespace RpsVision.Tests.Export;

public class OnnxExporterTests
{
    private string directory = "";

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("rps-export-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    /// <summary>One small model per supported layer type or setting; each ends in pool, flatten, linear to 3 classes.</summary>
    private static IEnumerable<TestCaseData> LayerCases()
    {
        static Module<Tensor, Tensor> Net(int channels, params (string, Module<Tensor, Tensor>)[] body) =>
            Sequential(body.Concat([
                ("pool", (Module<Tensor, Tensor>)AdaptiveAvgPool2d(1)),
                ("flatten", Flatten()),
                ("classifier", Linear(channels, 3)),
            ]));

        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3))), true).SetName("Conv2d_WithBias");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 5, stride: 2, padding: 2))), true).SetName("Conv2d_StrideAndPadding");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3, dilation: 2, padding: 1, bias: false))), true).SetName("Conv2d_Dilation");
        yield return new TestCaseData(() => Net(6, ("conv", Conv2d(3, 6, 3, padding: Padding.Same, groups: 3))), true).SetName("Conv2d_GroupsAndSamePadding");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 4, padding: Padding.Same))), true).SetName("Conv2d_SamePaddingEvenKernel");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3, bias: false)), ("bn", BatchNorm2d(8))), true).SetName("BatchNorm2d_FoldedIntoConv");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("bn", BatchNorm2d(8))), false).SetName("BatchNorm2d_NotFolded");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("relu", ReLU()), ("bn", BatchNorm2d(8))), true).SetName("BatchNorm2d_AfterActivation");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("bn", BatchNorm2d(8, affine: false))), true).SetName("BatchNorm2d_WithoutAffine");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("act", ReLU())), true).SetName("ReLU");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("act", ReLU6())), true).SetName("ReLU6");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("act", LeakyReLU(0.1))), true).SetName("LeakyReLU");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("act", Sigmoid())), true).SetName("Sigmoid");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("act", Tanh())), true).SetName("Tanh");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("act", SiLU())), true).SetName("SiLU");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("act", Hardswish())), true).SetName("Hardswish");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("pool2", MaxPool2d(2))), true).SetName("MaxPool2d");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("pool2", MaxPool2d(3, stride: 2, padding: 1))), true).SetName("MaxPool2d_StrideAndPadding");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 2)), ("pool2", MaxPool2d(2, ceil_mode: true))), true).SetName("MaxPool2d_CeilMode");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("pool2", AvgPool2d(2))), true).SetName("AvgPool2d");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("pool2", AvgPool2d(3, stride: 2, padding: 1))), true).SetName("AvgPool2d_PaddingCounted");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("pool2", AvgPool2d(3, stride: 2, padding: 1, count_include_pad: false))), true).SetName("AvgPool2d_PaddingNotCounted");
        yield return new TestCaseData(() => Net(8, ("conv", Conv2d(3, 8, 3)), ("drop", Dropout2d(0.5)), ("id", Identity())), true).SetName("Dropout2dAndIdentity");
        yield return new TestCaseData(() => Sequential(
            ("conv", Conv2d(3, 8, 3)), ("pool", AdaptiveAvgPool2d(1)), ("flatten", Flatten()),
            ("fc1", Linear(8, 16, hasBias: false)), ("act", ReLU()), ("drop", Dropout(0.5)), ("fc2", Linear(16, 3))), true)
            .SetName("Linear_StackedWithoutBias");
        yield return new TestCaseData(() => Sequential(
            ("outer", Sequential(("inner", Sequential(("conv", Conv2d(3, 8, 3)), ("act", ReLU()))))),
            ("head", Sequential(("pool", AdaptiveAvgPool2d(1)), ("flatten", Flatten()), ("classifier", Linear(8, 3))))), true)
            .SetName("NestedSequential");
    }

    [TestCaseSource(nameof(LayerCases))]
    public void Export_SupportedLayer_MatchesTorchSharpWithinTolerance(Func<Module<Tensor, Tensor>> create, bool fold)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var model = create();
        TestModels.RandomizeBatchNorm(model, seed: 5);
        Tensor batch = torch.randn(4, 3, 16, 16);

        OnnxExportResult result = OnnxExporter.Export(model, TestModels.Metadata(16), Path.Combine(directory, "m.onnx"), batch,
            new OnnxExportOptions { FoldBatchNorm = fold });

        Assert.That(result.MaxAbsDiff, Is.LessThanOrEqualTo(1e-5));
        Assert.That(result.VerifiedImages, Is.EqualTo(4));
        // Check independently of the exporter's own verification: logits too, on another batch.
        Tensor other = torch.randn(3, 3, 16, 16) * 2;
        Assert.That(MaxAbsDiff(OnnxRun(result.Path, other, ModelOutputs.Logits), TorchLogits(model, other)), Is.LessThanOrEqualTo(1e-4));
    }

    [TestCase(28)]
    [TestCase(64)]
    public void Export_RpsNet_MatchesTorchSharpWithinTolerance(int size)
    {
        using var scope = torch.NewDisposeScope();
        using RpsNet model = TestModels.CreateRpsNet(seed: 7);
        Tensor batch = torch.randn(8, 3, size, size);

        OnnxExportResult result = OnnxExporter.Export(model, TestModels.Metadata(size), Path.Combine(directory, "rps.onnx"), batch);

        Assert.That(result.MaxAbsDiff, Is.LessThanOrEqualTo(1e-5));
        float[] onnx = OnnxRun(result.Path, batch, ModelOutputs.Probabilities);
        float[] torchProbabilities = TorchLogits(model, batch, softmax: true);
        Assert.That(MaxAbsDiff(onnx, torchProbabilities), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void Export_RpsNet_WritesFoldedGraphWithSymbolicBatchAndNamedOutputs()
    {
        using var scope = torch.NewDisposeScope();
        using RpsNet model = TestModels.CreateRpsNet();

        string path = OnnxExporter.Export(model, TestModels.Metadata(28), Path.Combine(directory, "rps.onnx"), torch.randn(2, 3, 28, 28)).Path;

        ModelProto proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        string[] ops = proto.Graph.Node.Select(n => n.OpType).ToArray();
        Assert.That(ops, Has.Exactly(6).EqualTo("Conv"));
        Assert.That(ops, Has.None.EqualTo("BatchNormalization").And.None.EqualTo("Dropout"));
        Assert.That(ops[^4..], Is.EqualTo(new[] { "GlobalAveragePool", "Flatten", "Gemm", "Softmax" }));
        Assert.That(proto.OpsetImport.Single().Version, Is.EqualTo(17));
        Assert.That(proto.Graph.Input.Single().Name, Is.EqualTo("input"));
        Assert.That(proto.Graph.Input.Single().Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString()),
            Is.EqualTo(new[] { "batch", "3", "28", "28" }));
        Assert.That(proto.Graph.Output.Select(o => o.Name), Is.EqualTo(new[] { "logits", "probabilities" }));
        Assert.That(proto.Graph.Initializer.All(t => t.DataType == (int)TensorProto.Types.DataType.Float), Is.True);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Export_ResNet18_MatchesTorchSharpWithResidualsAndAsymmetricPads(bool fold)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        using var model = new ResNet18();
        TestModels.RandomizeBatchNorm(model, seed: 5);
        Tensor batch = torch.randn(4, 3, 96, 96);

        OnnxExportResult result = OnnxExporter.Export(model, TestModels.Metadata(96), Path.Combine(directory, "resnet.onnx"), batch,
            new OnnxExportOptions { FoldBatchNorm = fold });

        TestContext.Out.WriteLine($"fold={fold}: probabilities max abs diff {result.MaxAbsDiff:E2}");
        Assert.That(result.MaxAbsDiff, Is.LessThanOrEqualTo(1e-5));
        float[] onnx = OnnxRun(result.Path, batch, ModelOutputs.Logits);
        double logitsDiff = MaxAbsDiff(onnx, TorchLogits(model, batch));
        TestContext.Out.WriteLine($"fold={fold}: logits max abs diff {logitsDiff:E2}, largest logit {onnx.Max(Math.Abs):F2}");
        Assert.That(logitsDiff, Is.LessThanOrEqualTo(1e-3), "logits, not only saturated probabilities");
        var nodes = ModelProto.Parser.ParseFrom(File.ReadAllBytes(result.Path)).Graph.Node;
        Assert.That(nodes.Count(n => n.OpType == "Conv"), Is.EqualTo(22));
        Assert.That(nodes.Count(n => n.OpType == "Add"), Is.EqualTo(9 + (fold ? 0 : 22)), "residuals, and the shift of each unfolded batch norm");
        Assert.That(nodes.Single(n => n.OpType == "MaxPool").Attribute.Single(a => a.Name == "pads").Ints, Is.EqualTo(new long[] { 1, 1, 0, 0 }));
        Assert.That(nodes.First(n => n.OpType == "Conv").Attribute.Single(a => a.Name == "pads").Ints, Is.EqualTo(new long[] { 3, 3, 2, 2 }));
        Assert.That(nodes.Select(n => n.OpType), Has.One.EqualTo("GlobalAveragePool"));
    }

    [Test]
    public void Export_PretrainedResNet18_ClassifiesLikeTorchSharpThroughImageClassifier()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(6);
        using var model = new ResNet18();
        ImageNetResNet18.LoadWeights(model, ImageNetResNet18.DefaultPath);
        var preprocessing = ImageNetResNet18.Preprocessing(96);
        using var image = RandomImage(96, seed: 6);
        float[] input = new float[3 * 96 * 96];
        ImagePreprocessor.PrepareForInference(image, preprocessing, input);
        Tensor batch = torch.tensor(input, [1, 3, 96, 96]);
        OnnxExportResult result = OnnxExporter.Export(model, TestModels.Metadata(96) with { Preprocessing = preprocessing },
            Path.Combine(directory, "pretrained.onnx"), batch);
        TestContext.Out.WriteLine($"pretrained: probabilities max abs diff {result.MaxAbsDiff:E2}");

        using var classifier = new ImageClassifier(result.Path);
        Prediction prediction = classifier.Classify(image);

        float[] expected = TorchLogits(model, batch, softmax: true);
        Assert.That(MaxAbsDiff([.. prediction.Probabilities], expected), Is.LessThanOrEqualTo(1e-5));
    }

    private static SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32> RandomImage(int size, int seed)
    {
        var random = new Random(seed);
        var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(size, size);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                image[x, y] = new SixLabors.ImageSharp.PixelFormats.Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            }
        }
        return image;
    }

    [Test]
    public void Export_Metadata_RoundTripsThroughTheFile()
    {
        using var scope = torch.NewDisposeScope();
        using RpsNet model = TestModels.CreateRpsNet();
        var metadata = TestModels.Metadata(28) with
        {
            ModelVersion = "3",
            RunId = "run-42",
            Preprocessing = new PreprocessingOptions { InputSize = 28, Mean = [0.5f, 0.25f, 0.125f], Std = [0.3f, 0.2f, 0.1f], Resize = ResizeMethod.Bicubic, Background = 0 },
            ValidationAccuracy = 0.987654321,
            TestAccuracy = null,
            CreatedAt = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero),
            Extra = new Dictionary<string, string> { ["epochs"] = "12" },
        };

        string path = OnnxExporter.Export(model, metadata, Path.Combine(directory, "rps.onnx"), torch.randn(2, 3, 28, 28)).Path;

        using var session = new InferenceSession(path);
        ModelMetadata read = ModelMetadata.FromProperties(session.ModelMetadata.CustomMetadataMap);
        Assert.That(read.ModelName, Is.EqualTo("rps-cnn"));
        Assert.That(read.ModelVersion, Is.EqualTo("3"));
        Assert.That(read.RunId, Is.EqualTo("run-42"));
        Assert.That(read.Labels, Is.EqualTo(TestModels.Labels));
        Assert.That(read.Preprocessing.InputSize, Is.EqualTo(28));
        Assert.That(read.Preprocessing.Mean, Is.EqualTo(metadata.Preprocessing.Mean));
        Assert.That(read.Preprocessing.Std, Is.EqualTo(metadata.Preprocessing.Std));
        Assert.That(read.Preprocessing.Resize, Is.EqualTo(ResizeMethod.Bicubic));
        Assert.That(read.Preprocessing.Background, Is.EqualTo(0));
        Assert.That(read.DatasetDigests, Is.EquivalentTo(metadata.DatasetDigests));
        Assert.That(read.ValidationAccuracy, Is.EqualTo(0.987654321));
        Assert.That(read.TestAccuracy, Is.Null);
        Assert.That(read.CreatedAt, Is.EqualTo(metadata.CreatedAt));
        Assert.That(read.Extra, Is.EquivalentTo(metadata.Extra));
        Assert.That(session.ModelMetadata.CustomMetadataMap["channel_order"], Is.EqualTo("RGB"));
        Assert.That(session.ModelMetadata.CustomMetadataMap["layout"], Is.EqualTo("NCHW"));
        Assert.That(session.ModelMetadata.Version, Is.EqualTo(3));
    }

    [Test]
    public void Export_UnsupportedLayer_ThrowsNamingTheLayerAndType()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Sequential(("conv", Conv2d(3, 4, 3)), ("fancy", GELU()), ("pool", AdaptiveAvgPool2d(1)), ("flatten", Flatten()), ("fc", Linear(4, 3)));
        string path = Path.Combine(directory, "bad.onnx");

        var error = Assert.Throws<NotSupportedException>(() =>
            OnnxExporter.Export(model, TestModels.Metadata(16), path, torch.randn(1, 3, 16, 16)));

        Assert.That(error!.Message, Does.Contain("fancy").And.Contain("GELU"));
        Assert.That(Directory.GetFiles(directory), Is.Empty);
    }

    [Test]
    public void Export_AdaptivePoolToTwoByTwo_IsRejected()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Sequential(("conv", Conv2d(3, 4, 3)), ("pool", AdaptiveAvgPool2d(2)), ("flatten", Flatten()), ("fc", Linear(16, 3)));

        var error = Assert.Throws<NotSupportedException>(() =>
            OnnxExporter.Export(model, TestModels.Metadata(16), Path.Combine(directory, "bad.onnx"), torch.randn(1, 3, 16, 16)));

        Assert.That(error!.Message, Does.Contain("pool").And.Contain("AdaptiveAvgPool2d"));
    }

    [Test]
    public void Export_DifferenceAboveTolerance_ThrowsAndLeavesNoFile()
    {
        using var scope = torch.NewDisposeScope();
        using RpsNet model = TestModels.CreateRpsNet();
        string path = Path.Combine(directory, "rps.onnx");

        var error = Assert.Throws<OnnxParityException>(() =>
            OnnxExporter.Export(model, TestModels.Metadata(28), path, torch.randn(16, 3, 28, 28) * 3, new OnnxExportOptions { MaxAbsDiff = 1e-15 }));

        Assert.That(error!.MaxAbsDiff, Is.GreaterThan(1e-15));
        Assert.That(Directory.GetFiles(directory), Is.Empty);
    }

    [Test]
    public void Export_ModelInTrainingMode_IsRestoredToTrainingMode()
    {
        using var scope = torch.NewDisposeScope();
        using RpsNet model = TestModels.CreateRpsNet();
        model.train();

        OnnxExporter.Export(model, TestModels.Metadata(28), Path.Combine(directory, "rps.onnx"), torch.randn(2, 3, 28, 28));

        Assert.That(model.training, Is.True);
    }

    [Test]
    public void Export_LabelCountDiffersFromClasses_Throws()
    {
        using var scope = torch.NewDisposeScope();
        using RpsNet model = TestModels.CreateRpsNet();
        var metadata = TestModels.Metadata(28) with { Labels = ["a", "b"] };

        Assert.Throws<ArgumentException>(() =>
            OnnxExporter.Export(model, metadata, Path.Combine(directory, "rps.onnx"), torch.randn(2, 3, 28, 28)));
    }

    [Test]
    public void Export_BatchOfWrongSize_Throws()
    {
        using var scope = torch.NewDisposeScope();
        using RpsNet model = TestModels.CreateRpsNet();

        var error = Assert.Throws<ArgumentException>(() =>
            OnnxExporter.Export(model, TestModels.Metadata(28), Path.Combine(directory, "rps.onnx"), torch.randn(2, 3, 32, 32)));

        Assert.That(error!.ParamName, Is.EqualTo("verificationBatch"));
    }

    [Test]
    public void OnnxExportOptions_Defaults_ArePinned()
    {
        var options = new OnnxExportOptions();

        Assert.That(options.Opset, Is.EqualTo(17));
        Assert.That(options.MaxAbsDiff, Is.EqualTo(1e-5));
        Assert.That(options.FoldBatchNorm, Is.True);
        Assert.That(options.InputName, Is.EqualTo("input"));
    }

    [TestCase(16)]
    [TestCase(22)]
    public void OnnxExportOptions_OpsetOutOfRange_ValidateNamesIt(int opset)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxExportOptions { Opset = opset }.Validate());

        Assert.That(error!.ParamName, Is.EqualTo("Opset"));
    }

    [Test]
    public void ModelMetadata_Defaults_ArePinned()
    {
        var metadata = new ModelMetadata { RunId = "r", Labels = ["a", "b"], Preprocessing = new PreprocessingOptions { InputSize = 28 } };

        Assert.That(metadata.ModelName, Is.EqualTo("rps-cnn"));
        Assert.That(metadata.ModelVersion, Is.EqualTo("1"));
        Assert.That(metadata.DatasetDigests, Is.Empty);
        Assert.That(metadata.ValidationAccuracy, Is.Null);
        Assert.That(metadata.TestAccuracy, Is.Null);
        Assert.That(metadata.Extra, Is.Empty);
    }

    [Test]
    public void ModelMetadata_DuplicateLabels_ValidateNamesThem()
    {
        var metadata = TestModels.Metadata() with { Labels = ["rock", "rock", "paper"] };

        var error = Assert.Throws<ArgumentException>(metadata.Validate);

        Assert.That(error!.ParamName, Is.EqualTo("Labels"));
    }

    [Test]
    public void ModelMetadata_MissingLabels_FromPropertiesNamesTheKey()
    {
        var properties = TestModels.Metadata().ToProperties().Where(p => p.Key != "labels").ToDictionary();

        var error = Assert.Throws<FormatException>(() => ModelMetadata.FromProperties(properties));

        Assert.That(error!.Message, Does.Contain("'labels'"));
    }

    private static float[] TorchLogits(Module<Tensor, Tensor> model, Tensor batch, bool softmax = false)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        Tensor output = model.forward(batch);
        return (softmax ? output.softmax(1) : output).contiguous().data<float>().ToArray();
    }

    private static float[] OnnxRun(string path, Tensor batch, string output)
    {
        using var session = new InferenceSession(path);
        using var input = OrtValue.CreateTensorValueFromMemory(batch.contiguous().data<float>().ToArray(), batch.shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], [output]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static double MaxAbsDiff(float[] a, float[] b)
    {
        Assert.That(a, Has.Length.EqualTo(b.Length));
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void WriteMetadata_RealPhotoScore_IsReadBackAndTheGraphIsUnchanged()
    {
        string folder = Directory.CreateTempSubdirectory("rps-metadata-").FullName;
        try
        {
            string path = TestModels.CreateOnnxModel(folder);
            byte[] photo = File.ReadAllBytes(SharedData.Images(SharedData.Photos, 1)[0]);
            IReadOnlyList<float> before;
            ModelMetadata metadata;
            using (var classifier = new RpsVision.Core.Inference.ImageClassifier(path))
            {
                before = classifier.Classify(photo).Probabilities;
                metadata = classifier.Model.Metadata;
                Assert.That((classifier.Model.RealPhotoAccuracy, classifier.Model.RealPhotoSet), Is.EqualTo(((double?)null, (string?)null)));
            }

            OnnxExporter.WriteMetadata(path, metadata with { RealPhotoAccuracy = 0.375, RealPhotoSet = "photos-dev" });

            using var reloaded = new RpsVision.Core.Inference.ImageClassifier(path);
            Assert.That(reloaded.Model.RealPhotoAccuracy, Is.EqualTo(0.375));
            Assert.That(reloaded.Model.RealPhotoSet, Is.EqualTo("photos-dev"));
            Assert.That(reloaded.Model.Properties["real_photo_accuracy"], Is.EqualTo("0.375"));
            Assert.That(reloaded.Model.Metadata with { RealPhotoAccuracy = null, RealPhotoSet = null },
                Is.EqualTo(metadata).Using<ModelMetadata>((a, b) => a.ToProperties().OrderBy(kv => kv.Key).SequenceEqual(b.ToProperties().OrderBy(kv => kv.Key))));
            Assert.That(reloaded.Classify(photo).Probabilities, Is.EqualTo(before));
            Assert.That(Directory.GetFiles(folder), Has.Length.EqualTo(1), "no temporary file left");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Validate_RealPhotoAccuracyOutOfRange_Throws()
    {
        var metadata = TestModels.Metadata() with { RealPhotoAccuracy = 1.5 };

        Assert.That(() => metadata.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("RealPhotoAccuracy"));
    }
}
