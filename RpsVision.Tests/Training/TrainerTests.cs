using TorchSharp;
using RpsVision.Core.Preprocessing;
using RpsVision.Core.Training;
using static TorchSharp.torch;

namespace RpsVision.Tests.Training;

public class TrainerTests
{
    private static readonly PreprocessingOptions Preprocessing = new() { InputSize = TinyImages.Size };
    private string folder = "";

    [SetUp]
    public void SetUp() => folder = Directory.CreateTempSubdirectory("rps-trainer-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(folder, recursive: true);

    [Test]
    public void Fit_TinySeparableSet_LossFallsAndAccuracyRises()
    {
        using var train = TinyImages.Set(48, seed: 1);
        using var validation = TinyImages.Set(12, seed: 2);
        using var trainer = Trainer.Create(TinyImages.FastOptions(epochs: 10), Preprocessing);

        var result = trainer.Fit(train, validation, folder);

        var first = result.History[0];
        var last = result.History[^1];
        Assert.That(last.TrainLoss, Is.LessThan(first.TrainLoss * 0.8));
        Assert.That(last.TrainAccuracy, Is.GreaterThan(first.TrainAccuracy));
        Assert.That(trainer.Evaluate(train).Accuracy, Is.GreaterThanOrEqualTo(0.9));
        Assert.That(result.SelectedEpoch, Is.EqualTo(10));
    }

    [Test]
    public void Fit_SameSeedOnCpu_GivesSameMetricsAndWeights()
    {
        var (historyA, weightsA) = TrainAndRead(TinyImages.FastOptions(epochs: 3));
        var (historyB, weightsB) = TrainAndRead(TinyImages.FastOptions(epochs: 3));
        var (historyC, _) = TrainAndRead(TinyImages.FastOptions(epochs: 3, seed: 8));

        Assert.That(Losses(historyB), Is.EqualTo(Losses(historyA)));
        Assert.That(weightsB, Is.EqualTo(weightsA));
        Assert.That(Losses(historyC), Is.Not.EqualTo(Losses(historyA)));
    }

    [Test]
    public void Resume_AfterKillInEpochThree_EndsAsTheUninterruptedRun()
    {
        var options = TinyImages.FastOptions(epochs: 4);
        var (uninterrupted, uninterruptedWeights) = TrainAndRead(options);

        using var train = TinyImages.Set(48, seed: 1);
        using var validation = TinyImages.Set(12, seed: 2);
        using (var killed = Trainer.Create(options, Preprocessing))
        {
            using var kill = new CancellationTokenSource();
            var progress = new InlineProgress(p => { if (p.Epoch == 3 && p.Batch == 1) kill.Cancel(); });
            Assert.Throws<OperationCanceledException>(() => killed.Fit(train, validation, folder, progress, kill.Token));
        }
        string checkpoint = Path.Combine(folder, TrainingCheckpoint.LastFileName);
        Assert.That(TrainingCheckpoint.ReadHeader(checkpoint).CompletedEpochs, Is.EqualTo(2));

        using var resumed = Trainer.Resume(checkpoint);
        var result = resumed.Fit(train, validation, folder);

        Assert.That(Losses(result.History), Is.EqualTo(Losses(uninterrupted)));
        Assert.That(result.History.Select(m => m.ValidationAccuracy), Is.EqualTo(uninterrupted.Select(m => m.ValidationAccuracy)));
        Assert.That(Weights(resumed), Is.EqualTo(uninterruptedWeights));
    }

    [Test]
    public void Fit_LossBecomesNaNInEpochTwo_StopsNamingTheBatchAndKeepsEpochOnesCheckpoint()
    {
        using var train = TinyImages.Set(48, seed: 1);
        using var validation = TinyImages.Set(12, seed: 2);
        using var trainer = Trainer.Create(TinyImages.FastOptions(epochs: 3), Preprocessing);
        // After epoch 2's first step, poison one weight: from the second batch on the loss is NaN.
        var progress = new InlineProgress(p =>
        {
            if (p.Epoch == 2 && p.Batch == 1)
            {
                using var noGrad = no_grad();
                trainer.Model.parameters().First().fill_(float.NaN);
            }
        });
        string checkpoint = Path.Combine(folder, TrainingCheckpoint.LastFileName);

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(train, validation, folder, progress));

        Assert.That((error!.Epoch, error.Batch), Is.EqualTo((2, 2)));
        Assert.That(error.Message, Does.Contain("epoch 2, batch 2 of 3"));
        Assert.That(TrainingCheckpoint.ReadHeader(checkpoint).CompletedEpochs, Is.EqualTo(1));
        Assert.That(Directory.GetFiles(folder, "*.tmp"), Is.Empty);
        using var reloaded = Trainer.Resume(checkpoint);
        Assert.That(reloaded.Model.parameters().All(p => p.isfinite().all().item<bool>()), Is.True);
    }

    [Test]
    public void Fit_EveryEpoch_LeavesOnlyCompleteCheckpoints()
    {
        using var train = TinyImages.Set(24, seed: 1);
        using var validation = TinyImages.Set(6, seed: 2);
        using var trainer = Trainer.Create(TinyImages.FastOptions(epochs: 2), Preprocessing);

        trainer.Fit(train, validation, folder);

        Assert.That(Directory.GetFiles(folder, "*.tmp"), Is.Empty);
        var header = TrainingCheckpoint.ReadHeader(Path.Combine(folder, TrainingCheckpoint.LastFileName));
        Assert.That(header.CompletedEpochs, Is.EqualTo(2));
        Assert.That(header.Options.Model.StageChannels, Is.EqualTo(new[] { 8, 16 }));
        Assert.That(header.Preprocessing.InputSize, Is.EqualTo(TinyImages.Size));
    }

    [Test]
    public void LoadModel_FromCheckpoint_PredictsAsTheTrainedModel()
    {
        using var train = TinyImages.Set(24, seed: 1);
        using var validation = TinyImages.Set(6, seed: 2);
        using var trainer = Trainer.Create(TinyImages.FastOptions(epochs: 2), Preprocessing);
        trainer.Fit(train, validation, folder);
        using var input = randn(4, 3, TinyImages.Size, TinyImages.Size);
        trainer.Model.eval();
        using var expected = trainer.Model.forward(input);

        var (model, _) = TrainingCheckpoint.LoadModel(Path.Combine(folder, TrainingCheckpoint.LastFileName), CPU);
        using (model)
        using (var actual = model.forward(input))
        {
            Assert.That(actual.allclose(expected), Is.True);
        }
    }

    [Test]
    public void Create_CudaWithoutGpu_SaysSo()
    {
        if (cuda_is_available())
        {
            Assert.Ignore("a CUDA GPU is present; this test needs a machine without one");
        }

        var error = Assert.Throws<InvalidOperationException>(() =>
            Trainer.Create(TinyImages.FastOptions() with { Device = TrainingDevice.Cuda }, Preprocessing));

        Assert.That(error!.Message, Does.Contain("cuda"));
    }

    // Runs only where a CUDA GPU is present (CI has none). Both paths failed on the first GPU run, on an H200:
    // augmentation drew from a CPU generator inside CUDA ops, and restoring a checkpoint into a CUDA trainer
    // orphaned the optimizer's state (Module.load moves the model to the CPU and back).
    [Test]
    public void Fit_OnCuda_AugmentsResumesAndSelectsTheBestEpoch()
    {
        // Ignore, not Assume: an inconclusive test is listed as skipped but counted nowhere in the summary.
        if (!cuda_is_available())
        {
            Assert.Ignore("no CUDA GPU here");
        }
        var options = TinyImages.FastOptions(epochs: 3) with { Device = TrainingDevice.Cuda, Selection = CheckpointSelection.BestValidation };
        using var train = TinyImages.Set(48, seed: 1, CUDA);
        using var validation = TinyImages.Set(12, seed: 2, CUDA);
        using (var killed = Trainer.Create(options, Preprocessing))
        {
            using var kill = new CancellationTokenSource();
            var progress = new InlineProgress(p => { if (p.Epoch == 2 && p.Batch == 1) kill.Cancel(); });
            Assert.Throws<OperationCanceledException>(() => killed.Fit(train, validation, folder, progress, kill.Token));
        }

        using var resumed = Trainer.Resume(Path.Combine(folder, TrainingCheckpoint.LastFileName));
        var result = resumed.Fit(train, validation, folder);

        Assert.That(resumed.Device.type, Is.EqualTo(DeviceType.CUDA));
        Assert.That(result.History, Has.Count.EqualTo(3));
        Assert.That(result.SelectedEpoch, Is.InRange(1, 3));
        Assert.That(resumed.Evaluate(validation).Accuracy, Is.EqualTo(result.History[result.SelectedEpoch - 1].ValidationAccuracy));
    }

    private (IReadOnlyList<EpochMetrics> History, float[] Weights) TrainAndRead(TrainingOptions options)
    {
        string runFolder = Directory.CreateTempSubdirectory("rps-run-").FullName;
        try
        {
            using var train = TinyImages.Set(48, seed: 1);
            using var validation = TinyImages.Set(12, seed: 2);
            using var trainer = Trainer.Create(options, Preprocessing);
            var result = trainer.Fit(train, validation, runFolder);
            return (result.History, Weights(trainer));
        }
        finally
        {
            Directory.Delete(runFolder, recursive: true);
        }
    }

    private static float[] Weights(Trainer trainer) =>
        trainer.Model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    private static double[] Losses(IEnumerable<EpochMetrics> history) => history.Select(m => m.TrainLoss).ToArray();

    private sealed class InlineProgress(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }
}
