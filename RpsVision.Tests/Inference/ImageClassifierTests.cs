using Onnx;
using RpsVision.Core.Export;
using RpsVision.Core.Inference;
using RpsVision.Core.Modeling;
using RpsVision.Core.Preprocessing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Tests.Inference;

public class ImageClassifierTests
{
    private const int Seed = 11;
    private string directory = "";
    private string modelPath = "";
    private RpsNet torchModel = null!;
    private ImageClassifier classifier = null!;

    [OneTimeSetUp]
    public void ExportModel()
    {
        directory = Directory.CreateTempSubdirectory("rps-classifier-").FullName;
        torchModel = TestModels.CreateRpsNet(Seed);
        using (torch.NewDisposeScope())
        {
            modelPath = OnnxExporter.Export(torchModel, TestModels.Metadata(28), Path.Combine(directory, "model.onnx"),
                torch.randn(4, 3, 28, 28)).Path;
        }
        classifier = new ImageClassifier(modelPath);
    }

    [OneTimeTearDown]
    public void DeleteModel()
    {
        classifier.Dispose();
        torchModel.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static IEnumerable<string> RealImages() =>
        SharedData.Images(Path.Combine(SharedData.Rps28, "rps-test-set"), 2).Concat(SharedData.Images(SharedData.Photos, 2));

    [Category(TestCategories.SharedData)]
    [TestCaseSource(nameof(RealImages))]
    public void Classify_RealImage_EqualsTorchSharpOnTheSameImage(string file)
    {
        byte[] encoded = File.ReadAllBytes(file);

        Prediction prediction = classifier.Classify(encoded);

        float[] expected = TorchProbabilities(encoded);
        Assert.That(prediction.Probabilities, Is.EqualTo(expected).Within(1e-5f));
        Assert.That(prediction.Index, Is.EqualTo(Array.IndexOf(expected, expected.Max())));
        Assert.That(prediction.Label, Is.EqualTo(TestModels.Labels[prediction.Index]));
        Assert.That(prediction.Probabilities.Sum(), Is.EqualTo(1f).Within(1e-5));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void ClassifyBatch_RealImages_EqualsOneAtATime()
    {
        byte[][] images = RealImages().Select(File.ReadAllBytes).ToArray();
        using var small = new ImageClassifier(modelPath, new ClassifierOptions { MaxBatchSize = 3 });

        IReadOnlyList<Prediction> batch = small.ClassifyBatch(images);

        Assert.That(batch, Has.Count.EqualTo(images.Length));
        for (int i = 0; i < images.Length; i++)
        {
            Assert.That(batch[i].Probabilities, Is.EqualTo(classifier.Classify(images[i]).Probabilities).Within(1e-6f), $"image {i}");
        }
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Classify_StreamAndDecodedImage_EqualTheBytePath()
    {
        byte[] encoded = File.ReadAllBytes(SharedData.Images(SharedData.Photos, 1)[0]);
        using var image = Image.Load<Rgba32>(encoded);
        using var stream = new MemoryStream(encoded);

        Prediction fromBytes = classifier.Classify(encoded);

        Assert.That(classifier.Classify(stream).Probabilities, Is.EqualTo(fromBytes.Probabilities));
        Assert.That(classifier.Classify(image).Probabilities, Is.EqualTo(fromBytes.Probabilities));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void ClassifyPreprocessed_TwoTensors_EqualsTheBytePath()
    {
        byte[][] images = SharedData.Images(SharedData.Photos, 1).Take(2).Select(File.ReadAllBytes).ToArray();
        var options = classifier.Model.Preprocessing;
        int length = ImagePreprocessor.RgbLength(options);
        float[] nchw = new float[2 * length];
        for (int i = 0; i < 2; i++)
        {
            ImagePreprocessor.PrepareForInference(images[i], options, new ImageLimits(), nchw.AsSpan(i * length, length));
        }

        IReadOnlyList<Prediction> predictions = classifier.ClassifyPreprocessed(nchw, 2);

        Assert.That(predictions[1].Probabilities, Is.EqualTo(classifier.Classify(images[1]).Probabilities).Within(1e-6f));
        Assert.Throws<ArgumentException>(() => classifier.ClassifyPreprocessed(nchw.AsSpan(1), 2));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Classify_ManyThreadsAtOnce_GiveTheSameAnswers()
    {
        byte[][] images = RealImages().Select(File.ReadAllBytes).ToArray();
        float[][] expected = images.Select(i => classifier.Classify(i).Probabilities.ToArray()).ToArray();

        var results = new float[images.Length * 8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => results[i] = classifier.Classify(images[i % images.Length]).Probabilities.ToArray());

        for (int i = 0; i < results.Length; i++)
        {
            Assert.That(results[i], Is.EqualTo(expected[i % images.Length]));
        }
    }

    [Test]
    public void Model_ExportedFile_DescribesItself()
    {
        ModelInfo model = classifier.Model;

        Assert.That(model.Name, Is.EqualTo("rps-cnn"));
        Assert.That(model.Version, Is.EqualTo("1"));
        Assert.That(model.Labels, Is.EqualTo(TestModels.Labels));
        Assert.That(model.InputSize, Is.EqualTo(28));
        Assert.That(model.InputName, Is.EqualTo("input"));
        Assert.That(model.OutputNames, Is.EquivalentTo(new[] { "logits", "probabilities" }));
        Assert.That(model.Metadata.RunId, Is.EqualTo("test-run"));
        Assert.That(model.Metadata.ValidationAccuracy, Is.EqualTo(0.5));
        Assert.That(model.Properties["dataset_digests"], Does.Contain("sha256:test-train"));
    }

    // --- Bad input: each kind gives its typed error ---

    private static IEnumerable<TestCaseData> BadImages()
    {
        yield return new TestCaseData(Array.Empty<byte>(), InvalidImageReason.Empty).SetName("Classify_EmptyInput_ThrowsEmpty");
        yield return new TestCaseData("just some text, not an image"u8.ToArray(), InvalidImageReason.NotAnImage).SetName("Classify_NotAnImage_ThrowsNotAnImage");
        yield return new TestCaseData(BadImageFiles.Truncated(), InvalidImageReason.Corrupt).SetName("Classify_TruncatedPng_ThrowsCorrupt");
        yield return new TestCaseData(BadImageFiles.Tga(), InvalidImageReason.UnsupportedFormat).SetName("Classify_TgaImage_ThrowsUnsupportedFormat");
        yield return new TestCaseData(BadImageFiles.PngWithSize(0, 10), InvalidImageReason.EmptyDimensions).SetName("Classify_ZeroWidthPng_ThrowsEmptyDimensions");
        yield return new TestCaseData(BadImageFiles.PngWithSize(50_000, 50_000), InvalidImageReason.TooLarge).SetName("Classify_PngClaiming50000Squared_ThrowsTooLarge");
        yield return new TestCaseData(BadImageFiles.AnimatedGif(), InvalidImageReason.TooManyFrames).SetName("Classify_AnimatedGif_ThrowsTooManyFrames");
    }

    [TestCaseSource(nameof(BadImages))]
    public void Classify_BadImage_ThrowsTypedError(byte[] data, InvalidImageReason reason)
    {
        var error = Assert.Throws<InvalidImageException>(() => classifier.Classify(data));

        Assert.That(error!.Reason, Is.EqualTo(reason), error.Message);
        Assert.That(error.Message, Is.Not.Empty);
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Classify_PixelsAboveTheConfiguredLimit_ThrowsTooLarge()
    {
        using var strict = new ImageClassifier(modelPath, new ClassifierOptions { Limits = new ImageLimits { MaxPixels = 300 * 199 } });

        var error = Assert.Throws<InvalidImageException>(() => strict.Classify(File.ReadAllBytes(SharedData.Images(SharedData.Photos, 1)[0])));

        Assert.That(error!.Reason, Is.EqualTo(InvalidImageReason.TooLarge));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Classify_StreamLongerThanTheLimit_ThrowsTooLarge()
    {
        using var strict = new ImageClassifier(modelPath, new ClassifierOptions { MaxEncodedBytes = 1000 });
        using var stream = new MemoryStream(File.ReadAllBytes(SharedData.Images(SharedData.Photos, 1)[0]));

        var error = Assert.Throws<InvalidImageException>(() => strict.Classify(stream));

        Assert.That(error!.Reason, Is.EqualTo(InvalidImageReason.TooLarge));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void ClassifyBatch_OneBadImage_ThrowsNamingItsIndex()
    {
        byte[] good = File.ReadAllBytes(SharedData.Images(SharedData.Photos, 1)[0]);

        var error = Assert.Throws<InvalidImageException>(() => classifier.ClassifyBatch([good, BadImageFiles.AnimatedGif(), good]));

        Assert.That(error!.Reason, Is.EqualTo(InvalidImageReason.TooManyFrames));
        Assert.That(error.Message, Does.StartWith("Image 1:"));
    }

    // --- Bad model files ---

    [TestCase("labels")]
    [TestCase("input_size")]
    [TestCase("mean")]
    public void Constructor_ModelWithoutRequiredMetadata_ThrowsInvalidModelNamingTheKey(string key)
    {
        ModelProto proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath));
        proto.MetadataProps.Remove(proto.MetadataProps.Single(p => p.Key == key));
        string path = Path.Combine(directory, $"without-{key}.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(proto));

        var error = Assert.Throws<InvalidModelException>(() => new ImageClassifier(path));

        Assert.That(error!.Message, Does.Contain($"'{key}'"));
        Assert.That(error.ModelPath, Is.EqualTo(path));
    }

    [Test]
    public void Constructor_LabelsNotMatchingTheOutput_ThrowsInvalidModel()
    {
        ModelProto proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath));
        proto.MetadataProps.Single(p => p.Key == "labels").Value = "[\"rock\",\"paper\"]";
        string path = Path.Combine(directory, "two-labels.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(proto));

        var error = Assert.Throws<InvalidModelException>(() => new ImageClassifier(path));

        Assert.That(error!.Message, Does.Contain("probabilities"));
    }

    [Test]
    public void Constructor_NotAModel_ThrowsInvalidModel()
    {
        string path = Path.Combine(directory, "garbage.onnx");
        File.WriteAllText(path, "this is not a model");

        Assert.Throws<InvalidModelException>(() => new ImageClassifier(path));
    }

    [Test]
    public void Constructor_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => new ImageClassifier(Path.Combine(directory, "nope.onnx")));
    }

    [Test]
    public void ClassifierOptions_Defaults_ArePinned()
    {
        var options = new ClassifierOptions();

        Assert.That(options.IntraOpThreads, Is.EqualTo(0));
        Assert.That(options.InterOpThreads, Is.EqualTo(0));
        Assert.That(options.GraphOptimizationLevel, Is.EqualTo(Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL));
        Assert.That(options.MaxEncodedBytes, Is.EqualTo(20 * 1024 * 1024));
        Assert.That(options.MaxBatchSize, Is.EqualTo(32));
        Assert.That(options.Limits, Is.EqualTo(new ImageLimits()).Using<ImageLimits>((a, b) => a.MaxPixels == b.MaxPixels && a.MaxDimension == b.MaxDimension && a.MaxFrames == b.MaxFrames));
    }

    [Test]
    public void ClassifierOptions_NegativeThreads_ValidateNamesIt()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ClassifierOptions { IntraOpThreads = -1 }.Validate());

        Assert.That(error!.ParamName, Is.EqualTo("IntraOpThreads"));
    }

    /// <summary>TorchSharp's probabilities for an image preprocessed by the same eval preset.</summary>
    private float[] TorchProbabilities(byte[] encoded)
    {
        var options = classifier.Model.Preprocessing;
        float[] chw = new float[ImagePreprocessor.RgbLength(options)];
        ImagePreprocessor.PrepareForInference(encoded, options, new ImageLimits(), chw);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor logits = torchModel.forward(torch.tensor(chw, [1, 3, options.InputSize, options.InputSize]));
        return logits.softmax(1).data<float>().ToArray();
    }
}
