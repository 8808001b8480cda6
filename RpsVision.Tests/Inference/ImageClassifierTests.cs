using RpsVision.Core.Inference;
using RpsVision.Tests.TestSupport;

namespace RpsVision.Tests.Inference;

public class ImageClassifierTests
{
    private static string directory = "";
    private static string modelPath = "";

    [OneTimeSetUp]
    public static void ExportModel()
    {
        directory = Directory.CreateTempSubdirectory("rps-classifier-").FullName;
        modelPath = TestModels.CreateOnnxModel(directory);
    }

    [OneTimeTearDown]
    public static void DeleteModel() => Directory.Delete(directory, recursive: true);

    [Test]
    public void Classify_RealPhoto_GivesAProbabilityPerLabel()
    {
        using var classifier = new ImageClassifier(modelPath);
        byte[] photo = File.ReadAllBytes(SharedData.Images(SharedData.Photos, 1)[0]);

        Prediction prediction = classifier.Classify(photo);

        Assert.That(prediction.Probabilities, Has.Count.EqualTo(3));
        Assert.That(prediction.Probabilities.Sum(), Is.EqualTo(1f).Within(1e-5));
        Assert.That(prediction.Label, Is.EqualTo(TestModels.Labels[prediction.Index]));
        Assert.That(classifier.Model.InputSize, Is.EqualTo(28));
    }
}
