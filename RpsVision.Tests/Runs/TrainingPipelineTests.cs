using System.Text.Json;
using RpsVision.Core.Data;
using RpsVision.Core.Inference;
using RpsVision.Core.Runs;
using RpsVision.Core.Training;

namespace RpsVision.Tests.Runs;

public class TrainingPipelineTests
{
    [Test]
    public async Task RunAsync_TinyDataset_WritesEveryReportFileAndTheContractKeys()
    {
        using var data = new TinyDataset();

        var result = await TrainingPipeline.RunAsync(data.Pipeline(epochs: 2));

        string[] expected = [RunFiles.Model, RunFiles.Metrics, RunFiles.Config, RunFiles.ManifestCsv, RunFiles.ManifestJson, RunFiles.Report,
            RunFiles.LossChart, RunFiles.AccuracyChart, RunFiles.ConfusionChart, RunFiles.Misclassified, TrainingCheckpoint.LastFileName];
        Assert.That(expected.Where(f => !File.Exists(Path.Combine(result.RunFolder, f))), Is.Empty);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Metrics)));
        var root = metrics.RootElement;
        Assert.That(root.GetProperty("test_accuracy").GetDouble(), Is.InRange(0.0, 1.0).And.EqualTo(result.TestAccuracy));
        Assert.That(root.GetProperty("validation_accuracy").GetDouble(), Is.InRange(0.0, 1.0));
        Assert.That(root.GetProperty("onnx_max_abs_diff").GetDouble(), Is.LessThan(1e-4));
        Assert.That(root.GetProperty("wall_seconds").GetDouble(), Is.GreaterThan(0));
        Assert.That(root.GetProperty("device").GetString(), Is.EqualTo("cpu"));
        Assert.That(root.GetProperty("seed").GetInt32(), Is.EqualTo(7));
        Assert.That(root.GetProperty("epochs").GetArrayLength(), Is.EqualTo(2));
        Assert.That(root.GetProperty("test").GetProperty("confusion_matrix").EnumerateArray().Sum(r => r.EnumerateArray().Sum(c => c.GetInt32())), Is.EqualTo(9));
        Assert.That(root.GetProperty("data").GetProperty("train_digest").GetString(), Has.Length.EqualTo(64));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Config)));
        Assert.That(config.RootElement.GetProperty("preprocessing").GetProperty("input_size").GetInt32(), Is.EqualTo(TinyImages.Size));
        Assert.That(File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Report)), Does.Contain($"]({RunFiles.ConfusionChart})"));
    }

    [Test]
    public async Task RunAsync_RealPhotos_ScoresTheExportedModelAndRecordsItEverywhere()
    {
        using var data = new TinyDataset();
        using var photos = new PhotoFolders();
        string folder = photos.RealPhotos("my-photos", perClass: 2);
        PhotoFolders.Write(folder, "scissors/broken.jpg", "not a jpeg"u8.ToArray());

        var result = await TrainingPipeline.RunAsync(data.Pipeline(epochs: 1) with { RealPhotosDir = folder });

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Metrics)));
        var root = metrics.RootElement;
        double accuracy = root.GetProperty("real_photo_accuracy").GetDouble();
        var real = root.GetProperty("real_photos");
        Assert.That(real.GetProperty("folder").GetString(), Is.EqualTo("my-photos"));
        Assert.That(real.GetProperty("digest").GetString(), Is.EqualTo(LabeledImageFolder.Read(folder).Digest));
        Assert.That(real.GetProperty("images").GetInt32(), Is.EqualTo(7));
        Assert.That(real.GetProperty("skipped").GetInt32(), Is.EqualTo(1));
        Assert.That(real.GetProperty("confusion_matrix").EnumerateArray().Sum(r => r.EnumerateArray().Sum(c => c.GetInt32())), Is.EqualTo(7));
        Assert.That(real.GetProperty("per_class").GetProperty("rock").GetProperty("support").GetInt32(), Is.EqualTo(3));
        // Through the serving path: the exported model on the same photos gives the same score.
        var served = PhotoEvaluator.Evaluate(Path.Combine(result.RunFolder, RunFiles.Model), folder);
        Assert.That(accuracy, Is.EqualTo(served.Accuracy));
        Assert.That(real.GetProperty("misclassified").GetArrayLength(), Is.EqualTo(served.Misclassified().Count));
        using var model = new ImageClassifier(Path.Combine(result.RunFolder, RunFiles.Model));
        Assert.That(model.Model.RealPhotoAccuracy, Is.EqualTo(accuracy));
        Assert.That(model.Model.RealPhotoSet, Is.EqualTo("my-photos"));
        Assert.That(File.Exists(Path.Combine(result.RunFolder, RunFiles.RealPhotosMisclassified)), Is.True);
        string report = File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Report));
        Assert.That(report, Does.Contain("## Real photos: `my-photos`").And.Contain($"]({RunFiles.RealPhotosMisclassified})").And.Contain("scissors/broken.jpg"));
    }

    [Test]
    public async Task RunAsync_NoRealPhotos_WritesNullScoreAndNoMetadata()
    {
        using var data = new TinyDataset();

        var result = await TrainingPipeline.RunAsync(data.Pipeline(epochs: 1));

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Metrics)));
        Assert.That(metrics.RootElement.GetProperty("real_photo_accuracy").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(metrics.RootElement.GetProperty("real_photos").ValueKind, Is.EqualTo(JsonValueKind.Null));
        using var model = new ImageClassifier(Path.Combine(result.RunFolder, RunFiles.Model));
        Assert.That(model.Model.Properties.ContainsKey("real_photo_accuracy"), Is.False);
        Assert.That(model.Model.RealPhotoSet, Is.Null);
    }

    [Test]
    public void RunAsync_BadRealPhotoFolder_FailsBeforeTraining()
    {
        using var data = new TinyDataset();
        using var photos = new PhotoFolders();
        string folder = photos.RealPhotos(perClass: 1);
        PhotoFolders.Write(folder, "lizard/a.png", PhotoFolders.NoisePng());

        var e = Assert.ThrowsAsync<InvalidDataException>(() => TrainingPipeline.RunAsync(data.Pipeline(epochs: 1) with { RealPhotosDir = folder }));

        Assert.That(e!.Message, Does.Contain("'lizard'"));
        Assert.That(Directory.Exists(data.OutputDir) ? Directory.GetDirectories(data.OutputDir) : [], Is.Empty, "no run folder was made");
    }

    [Test]
    public async Task RunAsync_TwoRuns_LatestPointsAtTheNewest()
    {
        using var data = new TinyDataset();

        await TrainingPipeline.TrainAsync(data.Pipeline(epochs: 1));
        var second = await TrainingPipeline.TrainAsync(data.Pipeline(epochs: 1));

        var latest = new DirectoryInfo(Path.Combine(data.OutputDir, "latest"));
        Assert.That(latest.LinkTarget, Is.EqualTo(Path.GetFileName(second.RunFolder)));
        Assert.That(Directory.GetDirectories(data.OutputDir), Has.Length.EqualTo(3)); // two runs and the link
    }

    [Test]
    public async Task RunAsync_Resume_ContinuesLatestToTheSameResult()
    {
        using var data = new TinyDataset();
        var full = await TrainingPipeline.TrainAsync(data.Pipeline(epochs: 3));
        var fullHistory = TrainingCheckpoint.ReadHeader(Path.Combine(full.RunFolder, TrainingCheckpoint.LastFileName)).History;

        using var kill = new CancellationTokenSource();
        var observer = new KillAfterEpoch(1, kill);
        Assert.ThrowsAsync<OperationCanceledException>(() => TrainingPipeline.TrainAsync(data.Pipeline(epochs: 3), observer, kill.Token));
        var resumed = await TrainingPipeline.TrainAsync(data.Pipeline(epochs: 3) with { Resume = true });

        var history = TrainingCheckpoint.ReadHeader(Path.Combine(resumed.RunFolder, TrainingCheckpoint.LastFileName)).History;
        Assert.That(resumed.RunFolder, Is.Not.EqualTo(full.RunFolder));
        Assert.That(history.Select(h => h.TrainLoss), Is.EqualTo(fullHistory.Select(h => h.TrainLoss)));
        Assert.That(resumed.ValidationAccuracy, Is.EqualTo(full.ValidationAccuracy));
    }

    [Test]
    public void ResolveImageSize_NativeSizeBelowCap_KeepsIt()
    {
        using var data = new TinyDataset();
        var catalogue = RpsVision.Core.Data.RpsDataset.Load(data.Data);

        Assert.That(TrainingPipeline.ResolveImageSize(data.Pipeline(), catalogue), Is.EqualTo(TinyImages.Size));
        Assert.That(TrainingPipeline.ResolveImageSize(data.Pipeline() with { MaxAutoImageSize = 8 }, catalogue), Is.EqualTo(8));
        Assert.That(TrainingPipeline.ResolveImageSize(data.Pipeline() with { ImageSize = 12 }, catalogue), Is.EqualTo(12));
    }

    private sealed class KillAfterEpoch(int epoch, CancellationTokenSource kill) : IPipelineObserver
    {
        public void Stage(string message) { }

        public void Download(RpsVision.Core.Data.DownloadProgress progress) { }

        public void Training(TrainingProgress progress)
        {
            if (progress.Epoch == epoch + 1 && progress.Batch == 1)
            {
                kill.Cancel();
            }
        }
    }
}
