using RpsVision.Core.Data;
using RpsVision.Core.Inference;

namespace RpsVision.Tests.Inference;

public class PhotoEvaluatorTests
{
    [Category(TestCategories.SharedData)]
    [Test]
    public void Evaluate_FolderWithJpegNonSquareAndUnreadableFile_AnswersAsTheClassifierAndCountsTheSkippedFile()
    {
        using var photos = new PhotoFolders();
        using var models = new TempDir();
        string model = TestModels.CreateOnnxModel(models.Path);
        string folder = photos.RealPhotos(perClass: 2);
        PhotoFolders.Write(folder, "paper/unreadable.png", BadImageFiles.Truncated());

        var result = PhotoEvaluator.Evaluate(model, folder);

        Assert.That(result.FolderName, Is.EqualTo("photos"));
        Assert.That(result.Predictions, Has.Count.EqualTo(7)); // 6 PNGs of 300x200 and one JPEG
        Assert.That(result.Predictions.Count(p => p.RelativePath.EndsWith(".JPG", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(result.Skipped.Select(s => s.RelativePath), Is.EqualTo(new[] { "paper/unreadable.png" }));
        Assert.That(result.Digest, Is.EqualTo(LabeledImageFolder.Read(folder).Digest));
        using var classifier = new ImageClassifier(model);
        foreach (var p in result.Predictions)
        {
            var served = classifier.Classify(File.ReadAllBytes(p.Path));
            Assert.That((p.Predicted, p.Confidence), Is.EqualTo((served.Index, served.Confidence)), p.RelativePath);
            Assert.That(TestModels.Labels[p.Label], Is.EqualTo(p.RelativePath.Split('/')[0]));
        }
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Evaluate_Summaries_AgreeWithThePredictions()
    {
        using var photos = new PhotoFolders();
        using var models = new TempDir();
        string model = TestModels.CreateOnnxModel(models.Path, seed: 3);

        var result = PhotoEvaluator.Evaluate(model, photos.RealPhotos(perClass: 3));

        int[][] matrix = result.ConfusionMatrix();
        Assert.That(matrix.Sum(row => row.Sum()), Is.EqualTo(result.Predictions.Count));
        Assert.That(result.Support(), Is.EqualTo(new[] { 4, 3, 3 })); // the rock JPEG is a fourth rock photo
        Assert.That(result.Accuracy, Is.EqualTo((double)Enumerable.Range(0, 3).Sum(c => matrix[c][c]) / result.Predictions.Count));
        Assert.That(result.Recall()[0], Is.EqualTo((double)matrix[0][0] / 4));
        Assert.That(result.Misclassified(), Has.Count.EqualTo(result.Predictions.Count - Enumerable.Range(0, 3).Sum(c => matrix[c][c])));
        Assert.That(result.Misclassified().All(p => p.Label != p.Predicted), Is.True);
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Evaluate_AbsentLabel_HasNaNRecall()
    {
        using var photos = new PhotoFolders();
        using var models = new TempDir();
        string model = TestModels.CreateOnnxModel(models.Path);
        string folder = photos.RealPhotos(perClass: 1);
        Directory.Delete(Path.Combine(folder, "scissors"), recursive: true);

        var result = PhotoEvaluator.Evaluate(model, folder);

        Assert.That(result.Support(), Is.EqualTo(new[] { 2, 1, 0 }));
        Assert.That(result.Recall()[RpsLabels.Scissors], Is.NaN);
    }
}
