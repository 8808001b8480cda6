using System.Security.Cryptography;
using System.Text.Json;
using RpsVision.Core.Data;
using RpsVision.Core.Inference;
using RpsVision.Core.Modeling;
using RpsVision.Core.Preprocessing;
using RpsVision.Core.Runs;
using RpsVision.Core.Training;
using static TorchSharp.torch;

namespace RpsVision.Tests.Runs;

/// <summary>
/// <c>teach</c>: a taught run is a complete run folder that records its parent, the parent is only read, every bad
/// input is refused before anything is written, and a stopped teach leaves <c>latest</c> where it was.
/// </summary>
[NonParallelizable]
public class TeachPipelineTests
{
    private TinyDataset data = null!;
    private string parent = null!;
    private Dictionary<string, string> parentHashes = null!;
    private TeachResult taught = null!;
    private string taughtLatest = null!;

    [OneTimeSetUp]
    public async Task TrainParentAndTeachIt()
    {
        data = new TinyDataset();
        parent = (await TrainingPipeline.RunAsync(data.Pipeline(epochs: 1))).RunFolder;
        parentHashes = Hashes(parent);
        taught = await TrainingPipeline_Teach(Photos("mine"), data.OutputDir);
        taughtLatest = RunFolder.Latest(data.OutputDir);
    }

    [OneTimeTearDown]
    public void RemoveData() => data.Dispose();

    [Test]
    public void TeachAsync_TinyRun_WritesACompleteRunFolder()
    {
        foreach (string file in new[] { TrainingCheckpoint.LastFileName, RunFiles.Model, RunFiles.Metrics, RunFiles.Report, RunFiles.Config, RunFiles.ConfusionChart })
        {
            Assert.That(File.Exists(Path.Combine(taught.RunFolder, file)), Is.True, file);
        }
        var header = TrainingCheckpoint.ReadHeader(Path.Combine(taught.RunFolder, TrainingCheckpoint.LastFileName));
        var parentHeader = TrainingCheckpoint.ReadHeader(Path.Combine(parent, TrainingCheckpoint.LastFileName));
        Assert.That(JsonSerializer.Serialize(header.Options), Is.EqualTo(JsonSerializer.Serialize(parentHeader.Options with { Threads = 1, Device = TrainingDevice.Cpu })));
        Assert.That(header.Preprocessing.InputSize, Is.EqualTo(parentHeader.Preprocessing.InputSize));
        Assert.That(taught.Steps, Is.EqualTo(5));
        Assert.That(taught.PhotosPerLabel, Is.EqualTo(new Dictionary<string, int> { ["rock"] = 2, ["paper"] = 2, ["scissors"] = 2 }));
        Assert.That(TrainingPipeline.RunDataOptions(Path.Combine(taught.RunFolder, TrainingCheckpoint.LastFileName))!.DataDir, Is.EqualTo(data.DataDir));
    }

    [Test]
    public void TeachAsync_TinyRun_RecordsTheParentEverywhereAndMovesLatestToTheNewRun()
    {
        string version = RunFolder.VersionOf(Path.GetFileName(parent), DateTimeOffset.UnixEpoch);
        Assert.That(taughtLatest, Is.EqualTo(taught.RunFolder).And.Not.EqualTo(parent));
        Assert.That((taught.ParentRun, taught.ParentVersion), Is.EqualTo((parent, version)));
        foreach (string file in new[] { RunFiles.Metrics, RunFiles.Config })
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(taught.RunFolder, file)));
            var entry = json.RootElement.GetProperty("parent");
            Assert.That((entry.GetProperty("run").GetString(), entry.GetProperty("version").GetString()), Is.EqualTo((parent, version)), file);
        }
        Assert.That(File.ReadAllText(Path.Combine(taught.RunFolder, RunFiles.Report)), Does.Contain(parent).And.Contain(version));
        using var classifier = new ImageClassifier(Path.Combine(taught.RunFolder, RunFiles.Model));
        var metadata = classifier.Model.Metadata;
        Assert.That((metadata.ParentRunId, metadata.ParentVersion, metadata.TaughtPhotos), Is.EqualTo((Path.GetFileName(parent), version, 6)));
        Assert.That(classifier.Model.ParentVersion, Is.EqualTo(version));
        Assert.That(metadata.ModelVersion, Is.EqualTo(taught.Version).And.GreaterThan(version));
    }

    [Test]
    public async Task TeachAsync_TinyRun_TakesTheParentsTestAccuracyFromItsRecordWhichEvaluatingAgainGives()
    {
        var evaluated = await TrainingPipeline.EvaluateAsync(Path.Combine(parent, TrainingCheckpoint.LastFileName), data.Data, TrainingDevice.Cpu, threads: 1);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(parent, RunFiles.Metrics)));

        Assert.That(taught.TestAccuracyBefore, Is.EqualTo(metrics.RootElement.GetProperty("test_accuracy").GetDouble()));
        Assert.That(taught.TestAccuracyBefore, Is.EqualTo(evaluated.Accuracy));
    }

    [Test]
    public void TeachAsync_TinyRun_LeavesEveryFileOfTheParentAsItWas() =>
        Assert.That(Hashes(parent), Is.EqualTo(parentHashes));

    [Test]
    public async Task TeachAsync_UnreadableAndOversizedFiles_AreSkippedCountedAndTheRestTaught()
    {
        using var output = new TempDir();
        string photos = Photos("with-bad-files");
        PhotoFolders.Write(photos, "rock/broken.png", BadImageFiles.Truncated());
        PhotoFolders.Write(photos, "paper/huge.png", PhotoFolders.NoisePng(width: 20_000, height: 2));

        var result = await TrainingPipeline_Teach(photos, output.Path);

        Assert.That(result.SkippedPhotos, Is.EqualTo(2));
        Assert.That(result.PhotosPerLabel.Values.Sum(), Is.EqualTo(6));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Metrics)));
        var skipped = metrics.RootElement.GetProperty("teach").GetProperty("photos").GetProperty("skipped_files");
        Assert.That(skipped.EnumerateArray().Select(s => s.GetProperty("file").GetString()), Is.EquivalentTo(new[] { "rock/broken.png", "paper/huge.png" }));
    }

    [TestCase("lizard", "FOLDER", "'lizard'")]
    [TestCase("empty-label", "FOLDER", "scissors")]
    [TestCase("no-images", "FOLDER", "holds no usable images")]
    [TestCase("missing-folder", "FOLDER", "does not exist")]
    public void TeachAsync_BadPhotoFolder_NamesTheArgumentAndThePathAndWritesNothing(string kind, string argument, string detail)
    {
        string photos = Photos(kind);
        switch (kind)
        {
            case "lizard":
                PhotoFolders.Write(photos, "lizard/a.png", PhotoFolders.NoisePng());
                break;
            case "empty-label":
                Directory.Delete(Path.Combine(photos, "scissors"), recursive: true);
                Directory.CreateDirectory(Path.Combine(photos, "scissors"));
                break;
            case "no-images":
                Directory.Delete(photos, recursive: true);
                PhotoFolders.Write(photos, "rock/notes.txt", "not a photo"u8.ToArray());
                break;
            case "missing-folder":
                Directory.Delete(photos, recursive: true);
                break;
        }

        var refused = RefusedWithoutWriting(() => TrainingPipeline_Teach(photos, data.OutputDir));

        Assert.That(refused.Message, Does.Contain(argument).And.Contain(photos).And.Contain(detail));
    }

    [TestCase("not-a-run")]
    [TestCase("missing")]
    [TestCase("no-checkpoint")]
    [TestCase("garbage-checkpoint")]
    [TestCase("truncated-checkpoint")]
    public void TeachAsync_BadFromRun_NamesTheFlagAndThePathAndWritesNothing(string kind)
    {
        string from = Path.Combine(data.Root, $"from-{kind}");
        if (kind != "missing")
        {
            Directory.CreateDirectory(from);
        }
        if (kind is "no-checkpoint" or "garbage-checkpoint" or "truncated-checkpoint")
        {
            File.Copy(Path.Combine(parent, RunFiles.Config), Path.Combine(from, RunFiles.Config), overwrite: true);
        }
        byte[] checkpoint = File.ReadAllBytes(Path.Combine(parent, TrainingCheckpoint.LastFileName));
        if (kind == "garbage-checkpoint")
        {
            File.WriteAllText(Path.Combine(from, TrainingCheckpoint.LastFileName), "not a checkpoint");
        }
        if (kind == "truncated-checkpoint")
        {
            File.WriteAllBytes(Path.Combine(from, TrainingCheckpoint.LastFileName), checkpoint[..(checkpoint.Length * 2 / 3)]);
        }

        var refused = RefusedWithoutWriting(() => TrainingPipeline_Teach(Photos($"for-{kind}"), data.OutputDir, from));

        Assert.That(refused.Message, Does.Contain("--from").And.Contain(from));
    }

    [Test]
    public void TeachAsync_CancelledAfterTheFirstStep_LeavesLatestWhereItWasAndNoNewRun()
    {
        using var cancel = new CancellationTokenSource();
        var observer = new CancelOnFirstStep(cancel);
        string[] before = RunFolders();
        string latest = RunFolder.Latest(data.OutputDir);

        Assert.CatchAsync<OperationCanceledException>(() => TrainingPipeline_Teach(Photos("cancelled"), data.OutputDir, observer: observer, cancellationToken: cancel.Token));

        Assert.That(observer.Steps, Is.EqualTo(1));
        Assert.That(RunFolder.Latest(data.OutputDir), Is.EqualTo(latest));
        Assert.That(RunFolders(), Is.EqualTo(before));
    }

    [Test]
    public async Task TeachAsync_SameSeed_GivesTheSameWeightsAndAnotherSeedOthers()
    {
        using var output = new TempDir();
        string photos = Photos("seeded");

        var first = await TrainingPipeline_Teach(photos, Path.Combine(output.Path, "a"), seed: 3);
        var again = await TrainingPipeline_Teach(photos, Path.Combine(output.Path, "b"), seed: 3);
        var other = await TrainingPipeline_Teach(photos, Path.Combine(output.Path, "c"), seed: 4);

        Assert.That(Weights(again.RunFolder), Is.EqualTo(Weights(first.RunFolder)));
        Assert.That(Weights(other.RunFolder), Is.Not.EqualTo(Weights(first.RunFolder)));
    }

    [Test]
    public void Teacher_ResNet18_StartsTheBackboneAndTheHeadAtTheirOwnRates()
    {
        using var trainer = Trainer.Create(new TrainingOptions { Threads = 1, Device = TrainingDevice.Cpu, BackboneLearningRateScale = 0.5 },
            ImageNetResNet18.Preprocessing(32));
        using var teacher = new Teacher(trainer, new TeachOptions { HeadLearningRate = 2e-3, BackboneLearningRate = 3e-4 });

        Assert.That(teacher.LearningRates(), Is.EqualTo(new[] { 3e-4, 2e-3 }));
    }

    [Test]
    public async Task TeachAsync_ResNet18Parent_TeachesWithFrozenBatchNormStatisticsAndExportsAVerifiedModel()
    {
        using var resnet = new TinyDataset();
        var options = resnet.Pipeline(epochs: 1) with
        {
            ImageSize = 32,
            Training = new TrainingOptions { Epochs = 1, BatchSize = 12, Threads = 1, Device = TrainingDevice.Cpu, Augmentation = AugmentationPresets.Get(AugmentationPresets.Renders) },
        };
        string resnetParent = (await TrainingPipeline.RunAsync(options)).RunFolder;
        var (before, _) = TrainingCheckpoint.LoadModel(Path.Combine(resnetParent, TrainingCheckpoint.LastFileName), CPU);

        var result = await TeachPipeline.TeachAsync(new TeachPipelineOptions
        {
            PhotosDir = Photos("for-resnet"),
            FromRun = resnetParent,
            OutputDir = resnet.OutputDir,
            Teach = new TeachOptions { Steps = 2, PhotosPerBatch = 4, RendersPerBatch = 4, Threads = 1, Device = TrainingDevice.Cpu },
        });

        var (after, header) = TrainingCheckpoint.LoadModel(Path.Combine(result.RunFolder, TrainingCheckpoint.LastFileName), CPU);
        using (before)
        using (after)
        {
            Assert.That(header.Options.Architecture, Is.EqualTo(ModelArchitecture.ResNet18));
            var statistics = before.named_buffers().Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal)).ToArray();
            Assert.That(statistics, Is.Not.Empty);
            var afterBuffers = after.named_buffers().ToDictionary(b => b.name, b => b.buffer);
            Assert.That(statistics.All(b => b.buffer.allclose(afterBuffers[b.name], rtol: 0, atol: 0)), Is.True, "batch norm statistics stay frozen");
            Assert.That(((ResNet18)after).HeadParameters().First().allclose(((ResNet18)before).HeadParameters().First(), rtol: 0, atol: 0), Is.False, "the head learns");
        }
        Assert.That(result.OnnxMaxAbsDiff, Is.LessThan(1e-3));
        Assert.That(RunFolder.Latest(resnet.OutputDir), Is.EqualTo(result.RunFolder));
    }

    private Task<TeachResult> TrainingPipeline_Teach(string photos, string outputDir, string? from = null, int seed = 42,
        IPipelineObserver? observer = null, CancellationToken cancellationToken = default) =>
        TeachPipeline.TeachAsync(new TeachPipelineOptions
        {
            PhotosDir = photos,
            FromRun = from ?? parent,
            OutputDir = outputDir,
            Teach = new TeachOptions { Steps = 5, PhotosPerBatch = 8, RendersPerBatch = 8, Seed = seed, Threads = 1, Device = TrainingDevice.Cpu },
        }, observer, cancellationToken);

    /// <summary>A folder of two tiny photos per label (the data set's kind of image) under the data set's root.</summary>
    private string Photos(string name)
    {
        string root = Path.Combine(data.Root, "photos", name);
        TinyImages.WritePngs(root, "teach", 6, seed: 9);
        return Path.Combine(root, "teach");
    }

    /// <summary>Runs a teach that must be refused and checks that no run folder appeared and latest did not move.</summary>
    private Exception RefusedWithoutWriting(AsyncTestDelegate teach)
    {
        string[] before = RunFolders();
        string latest = RunFolder.Latest(data.OutputDir);
        var refused = Assert.CatchAsync(teach)!;
        Assert.That(refused, Is.InstanceOf<IOException>().Or.InstanceOf<InvalidDataException>(), refused.ToString());
        Assert.That(RunFolders(), Is.EqualTo(before));
        Assert.That(RunFolder.Latest(data.OutputDir), Is.EqualTo(latest));
        return refused;
    }

    private string[] RunFolders() => Directory.GetDirectories(data.OutputDir).Select(d => Path.GetFileName(d)!).Order().ToArray();

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private static float[] Weights(string runFolder)
    {
        var (model, _) = TrainingCheckpoint.LoadModel(Path.Combine(runFolder, TrainingCheckpoint.LastFileName), CPU);
        using (model)
        {
            return model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }
    }

    private sealed class CancelOnFirstStep(CancellationTokenSource cancel) : IPipelineObserver
    {
        public int Steps { get; private set; }

        public void Stage(string message)
        {
        }

        public void Download(DownloadProgress progress)
        {
        }

        public void Training(TrainingProgress progress)
        {
        }

        public void Teaching(TeachProgress progress)
        {
            Steps++;
            cancel.Cancel();
        }
    }
}
