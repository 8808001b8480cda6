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
            RunFiles.LossChart, RunFiles.AccuracyChart, RunFiles.ConfusionChart, TrainingCheckpoint.LastFileName];
        Assert.That(expected.Where(f => !File.Exists(Path.Combine(result.RunFolder, f))), Is.Empty);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Metrics)));
        var root = metrics.RootElement;
        Assert.That(root.GetProperty("test_accuracy").GetDouble(), Is.InRange(0.0, 1.0).And.EqualTo(result.TestAccuracy));
        Assert.That(root.GetProperty("validation_accuracy").GetDouble(), Is.InRange(0.0, 1.0));
        Assert.That(root.GetProperty("onnx_max_abs_diff").GetDouble(), Is.LessThan(1e-4));
        Assert.That(root.GetProperty("segment_wall_seconds").GetDouble(), Is.GreaterThan(0));
        Assert.That(root.GetProperty("training_seconds_all_segments").GetDouble(), Is.GreaterThan(0));
        Assert.That(root.GetProperty("resumed_after_epoch").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("exports").GetProperty(RunFiles.Model).GetProperty("checkpoint").GetString(), Is.EqualTo(TrainingCheckpoint.LastFileName));
        Assert.That(root.GetProperty("device").GetString(), Is.EqualTo("cpu"));
        Assert.That(root.GetProperty("seed").GetInt32(), Is.EqualTo(7));
        Assert.That(root.GetProperty("epochs").GetArrayLength(), Is.EqualTo(2));
        Assert.That(root.GetProperty("test").GetProperty("confusion_matrix").EnumerateArray().Sum(r => r.EnumerateArray().Sum(c => c.GetInt32())), Is.EqualTo(9));
        Assert.That(root.GetProperty("data").GetProperty("train_digest").GetString(), Has.Length.EqualTo(64));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Config)));
        Assert.That(config.RootElement.GetProperty("preprocessing").GetProperty("input_size").GetInt32(), Is.EqualTo(TinyImages.Size));
        string report = File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Report));
        Assert.That(report, Does.Contain($"]({RunFiles.ConfusionChart})"));
        Assert.That(report, Does.Not.Contain("HasGeometry").And.Contain("| augmentation | "));
        // The misclassified grid exists when something was misclassified; otherwise the report says none.
        bool anyWrong = root.GetProperty("test").GetProperty("misclassified").GetArrayLength() > 0;
        Assert.That(File.Exists(Path.Combine(result.RunFolder, RunFiles.Misclassified)), Is.EqualTo(anyWrong));
        Assert.That(report, anyWrong ? Does.Contain($"]({RunFiles.Misclassified})") : Does.Contain("None: all 9 test images"));
    }

    [Category(TestCategories.SharedData)]
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

    [Category(TestCategories.SharedData)]
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

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task RunAsync_ExtraData_PhotosJoinTrainingAndTheSplitAndAreCounted()
    {
        using var data = new TinyDataset();
        using var photos = new PhotoFolders();
        string folder = photos.RealPhotos("my-hand", perClass: 7); // rock 8 (one JPEG), paper 7, scissors 7
        PhotoFolders.Write(folder, "paper/notes.txt", "skipped"u8.ToArray());
        var stages = new RecordingObserver();
        var options = data.Pipeline(epochs: 1) with { ExtraDataDir = folder, ExtraDataShare = 0.5 };

        var result = await TrainingPipeline.TrainAsync(options, stages);

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Metrics)));
        var dataMetrics = metrics.RootElement.GetProperty("data");
        var extra = dataMetrics.GetProperty("extra");
        Assert.That(extra.GetProperty("folder").GetString(), Is.EqualTo("my-hand"));
        Assert.That(extra.GetProperty("digest").GetString(), Is.EqualTo(LabeledImageFolder.Read(folder).Digest));
        Assert.That(extra.GetProperty("skipped").GetInt32(), Is.EqualTo(1));
        var perClass = extra.GetProperty("per_class");
        // 15 % of 8 and of 7 rounds to 1 validation image per class.
        Assert.That(RpsLabels.Names.Select(l => perClass.GetProperty(l).GetProperty("validation").GetInt32()), Is.EqualTo(new[] { 1, 1, 1 }));
        Assert.That(RpsLabels.Names.Select(l => perClass.GetProperty(l).GetProperty("train").GetInt32()), Is.EqualTo(new[] { 7, 6, 6 }));
        Assert.That(dataMetrics.GetProperty("train_images").GetInt32(), Is.EqualTo(30 + 19));
        Assert.That(dataMetrics.GetProperty("validation_images").GetInt32(), Is.EqualTo(6 + 3));
        Assert.That(metrics.RootElement.GetProperty("validation").GetProperty("images").GetInt32(), Is.EqualTo(9), "validation includes the photos");
        // share 0.5: the 19 photos are repeated round(30 / 19) = 2 times, 38 of the 68 samples of an epoch.
        Assert.That(extra.GetProperty("copies_per_epoch").GetInt32(), Is.EqualTo(2));
        Assert.That(stages.Messages, Has.Some.Contains("19 train images x 2 = 38 of 68 samples per epoch"));
        string manifest = File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.ManifestCsv));
        Assert.That(manifest.Split('\n').Count(line => line.StartsWith("extra/", StringComparison.Ordinal)), Is.EqualTo(22));
        Assert.That(File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Report)), Does.Contain("| extra data | `my-hand`: rock 7 train + 1 validation"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void RunAsync_BadExtraDataFolder_FailsBeforeTrainingNamingIt()
    {
        using var data = new TinyDataset();
        using var photos = new PhotoFolders();
        string folder = photos.RealPhotos(perClass: 1);
        Directory.CreateDirectory(Path.Combine(folder, "lizard"));

        var e = Assert.ThrowsAsync<InvalidDataException>(() => TrainingPipeline.TrainAsync(data.Pipeline(epochs: 1) with { ExtraDataDir = folder }));

        Assert.That(e!.Message, Does.Contain("'lizard'").And.Contain(folder));
    }

    [TestCase(2142, 25, 0.2, 21)]
    [TestCase(2142, 255, 0.2, 2)]
    [TestCase(2142, 5000, 0.2, 1)]
    [TestCase(2142, 0, 0.2, 0)]
    public void ExtraCopies_Share_RepeatsExtraImagesToThatShareOfAnEpoch(int dataset, int extra, double share, int expected)
    {
        Assert.That(new PipelineOptions { ExtraDataShare = share }.ExtraCopies(dataset, extra), Is.EqualTo(expected));
    }

    [TestCase(0.0)]
    [TestCase(0.95)]
    public void Validate_ExtraShareOutOfRange_NamesTheOption(double share)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PipelineOptions { ExtraDataShare = share }.Validate());

        Assert.That(e!.Message, Does.Contain("--extra-share").And.Contain("0.01 and 0.9"));
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
        // The resumed job's wall time covers its own segment; the training time covers all three epochs.
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(resumed.RunFolder, RunFiles.Metrics)));
        var root = metrics.RootElement;
        Assert.That(root.GetProperty("resumed_after_epoch").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("training_seconds_all_segments").GetDouble(), Is.EqualTo(history.Sum(h => h.Seconds)).Within(1e-9));
        Assert.That(root.GetProperty("segment_wall_seconds").GetDouble(), Is.GreaterThan(0));
        Assert.That(File.ReadAllText(Path.Combine(resumed.RunFolder, RunFiles.Report)), Does.Contain("resumed after epoch 1"));
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

    private sealed class RecordingObserver : IPipelineObserver
    {
        public List<string> Messages { get; } = [];

        public void Stage(string message) => Messages.Add(message);

        public void Download(DownloadProgress progress) { }

        public void Training(TrainingProgress progress) { }
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
