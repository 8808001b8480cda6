using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using RpsVision.Core.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Tests.Modeling;

public class ResNet18Tests
{
    /// <summary>The pretrained model, loaded once: parsing the 63 MB file takes longer than a forward pass.</summary>
    private ResNet18 pretrained = null!;

    [OneTimeSetUp]
    public void LoadPretrained()
    {
        torch.manual_seed(1);
        pretrained = new ResNet18();
        ImageNetResNet18.LoadWeights(pretrained, ImageNetResNet18.DefaultPath);
        pretrained.eval();
    }

    [OneTimeTearDown]
    public void DisposePretrained() => pretrained.Dispose();

    [Test]
    public void Features_ImportedWeights_MatchOnnxRuntimeOnTheOriginalFile()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var preprocessing = ImageNetResNet18.Preprocessing(224);
        // A random RGB image, normalised as the preprocessing does: 0-255 minus the channel mean.
        Tensor mean = torch.tensor(preprocessing.Mean.Select(m => m * 255f).ToArray()).view(1, 3, 1, 1);
        torch.manual_seed(3);
        Tensor rgb = torch.rand(1, 3, 224, 224) * 255f - mean;

        float[] ours = pretrained.Features(rgb).contiguous().data<float>().ToArray();
        float[] original = RunOriginal(ImageNetResNet18.DefaultPath, rgb.flip(1)); // the original graph reads BGR

        Assert.That(ours, Has.Length.EqualTo(ResNet18.FeatureCount));
        Assert.That(original, Has.Length.EqualTo(ResNet18.FeatureCount));
        double maxAbsDiff = ours.Zip(original, (a, b) => Math.Abs((double)a - b)).Max();
        TestContext.Out.WriteLine($"features max abs diff {maxAbsDiff:E2}, largest feature {original.Max():F2}");
        Assert.That(maxAbsDiff, Is.LessThanOrEqualTo(1e-4));
        Assert.That(original.Max(), Is.GreaterThan(0.1f), "the features are not all (near) zero");
    }

    [TestCase(96)]
    [TestCase(128)]
    public void Forward_MultipleOf32_GivesOneLogitPerClass(int size)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();

        Tensor logits = pretrained.forward(torch.randn(2, 3, size, size) * 50);

        Assert.That(logits.shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(torch.isfinite(logits).all().item<bool>(), Is.True);
    }

    [Test]
    public void Forward_112Pixels_ThrowsNamingTheSize()
    {
        using var scope = torch.NewDisposeScope();

        var error = Assert.Throws<ArgumentException>(() => pretrained.forward(torch.randn(1, 3, 112, 112)));

        Assert.That(error!.Message, Does.Contain("112").And.Contain("multiple of 32"));
    }

    [TestCase(32, true)]
    [TestCase(96, true)]
    [TestCase(224, true)]
    [TestCase(0, false)]
    [TestCase(16, false)]
    [TestCase(112, false)]
    public void IsValidInputSize_Size_IsTrueForMultiplesOf32(int size, bool valid) =>
        Assert.That(ResNet18.IsValidInputSize(size), Is.EqualTo(valid));

    [Test]
    public void Constructor_OneClass_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResNet18(numClasses: 1));

    [Test]
    public void BackboneAndHeadParameters_TogetherAreAllParametersOnce()
    {
        using var model = new ResNet18(numClasses: 5);

        var backbone = model.BackboneParameters().ToList();
        var head = model.HeadParameters().ToList();

        Assert.That(head.Select(p => p.shape), Is.EqualTo(new[] { new long[] { 5, ResNet18.FeatureCount }, new long[] { 5 } }));
        Assert.That(backbone.Concat(head).Select(p => p.Handle).Distinct().Count(), Is.EqualTo(model.parameters().Count()));
        Assert.That(backbone.Sum(p => p.numel()), Is.EqualTo(15_897_152),
            "torchvision's resnet18 without its fc layer (11,176,512) and one more 512-channel block");
    }

    [TestCase(true, false)]
    [TestCase(false, true)]
    public void Train_FreezeBatchNormStatistics_DecidesWhetherRunningMeansMove(bool freeze, bool expectChange)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(2);
        using var model = new ResNet18 { FreezeBatchNormStatistics = freeze };
        model.train();
        Tensor[] before = RunningMeans(model).Select(m => m.clone()).ToArray();

        model.forward(torch.randn(2, 3, 64, 64) * 3 + 1);

        bool changed = RunningMeans(model).Zip(before, (after, b) => !after.equal(b).all().item<bool>()).Any(c => c);
        Assert.That(changed, Is.EqualTo(expectChange));
        Assert.That(model.training, Is.True);
        Assert.That(model.BackboneParameters().All(p => p.requires_grad), Is.True, "batch norm scale and shift stay trainable");
    }

    [Test]
    public void Preprocessing_MapsZeroTo255OntoMinusTheChannelMeans()
    {
        var options = ImageNetResNet18.Preprocessing(96);

        Assert.That(options.InputSize, Is.EqualTo(96));
        Assert.That(options.Mean.Select(m => m * 255), Is.EqualTo(new[] { 123.15f, 115.90f, 103.06f }).Within(0.01f));
        Assert.That(options.Std, Is.EqualTo(new[] { 1 / 255f, 1 / 255f, 1 / 255f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageNetResNet18.Preprocessing(112));
    }

    [Test]
    public void LoadWeights_MissingFile_ThrowsNamingThePath()
    {
        using var folder = new TempDir();
        string path = Path.Combine(folder.Path, "missing.onnx");
        using var model = new ResNet18();

        var error = Assert.Throws<FileNotFoundException>(() => ImageNetResNet18.LoadWeights(model, path));

        Assert.That(error!.Message, Does.Contain(path));
    }

    [Test]
    public void LoadWeights_NotOnnx_ThrowsInvalidDataNamingThePath()
    {
        using var folder = new TempDir();
        string path = Path.Combine(folder.Path, "notes.onnx");
        File.WriteAllText(path, "this is not an ONNX model");
        using var model = new ResNet18();

        var error = Assert.Throws<InvalidDataException>(() => ImageNetResNet18.LoadWeights(model, path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("not an ONNX model"));
    }

    [Test]
    public void LoadWeights_AnotherGraph_ThrowsNamingThePathAndTheDifference()
    {
        using var folder = new TempDir();
        string path = TestModels.CreateOnnxModel(folder.Path);
        using var model = new ResNet18();

        var error = Assert.Throws<InvalidDataException>(() => ImageNetResNet18.LoadWeights(model, path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("initializers where ResNet18 has 110"));
    }

    [Test]
    public void LoadWeights_LastLayerOfWrongShape_ThrowsAndLoadsNothing()
    {
        using var folder = new TempDir();
        string path = Path.Combine(folder.Path, "resnet18-wrong-last-layer.onnx");
        ModelProto proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(ImageNetResNet18.DefaultPath));
        string lastConvWeight = proto.Graph.Node.Last(n => n.OpType == "Conv").Input[1];
        TensorProto weight = proto.Graph.Initializer.Single(t => t.Name == lastConvWeight);
        weight.Dims[1] = 256; // [512, 512, 3, 3] -> [512, 256, 3, 3]
        File.WriteAllBytes(path, proto.ToByteArray());
        torch.manual_seed(4);
        using var model = new ResNet18();
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var error = Assert.Throws<InvalidDataException>(() => ImageNetResNet18.LoadWeights(model, path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain($"'{lastConvWeight}' of shape [512, 256, 3, 3]"));
        Assert.That(model.state_dict().All(kv => kv.Value.equal(before[kv.Key]).all().item<bool>()), Is.True, "nothing was copied");
    }

    private static IEnumerable<Tensor> RunningMeans(ResNet18 model) =>
        model.named_buffers().Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal)).Select(b => b.buffer);

    private static float[] RunOriginal(string path, Tensor bgr)
    {
        using var session = new InferenceSession(path);
        string input = session.InputMetadata.Keys.Single();
        string output = session.OutputMetadata.Keys.Single();
        using var value = OrtValue.CreateTensorValueFromMemory(bgr.contiguous().data<float>().ToArray(), bgr.shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [input], [value], [output]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
