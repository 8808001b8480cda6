using System.Diagnostics;
using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// Measures whether the data pipeline (shuffle, gather from the cached tensor, augmentation, normalisation)
/// slows training: the wall time of a real epoch against the time of only the optimisation steps
/// (forward, backward, update) on the same batches, prepared beforehand.
/// </summary>
public static class DataPipelineBenchmark
{
    /// <summary>
    /// Runs one warm-up epoch, then <paramref name="rounds"/> times: a real epoch (wall time), the same batches
    /// again as pure compute, and an instrumented epoch that times the data pipeline and the steps of each batch
    /// separately. Reports the fastest of each: on a shared machine the least disturbed. The instrumented ratio
    /// compares pipeline and compute under the same load, batch by batch.
    /// </summary>
    /// <param name="trainer">A fresh trainer (its model is trained by the benchmark).</param>
    /// <param name="train">The decoded training images.</param>
    /// <param name="rounds">Measured rounds; at least 1.</param>
    public static DataPipelineBenchmarkResult Run(Trainer trainer, ImageTensorSet train, int rounds = 3)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        trainer.TrainOneEpoch(train, epoch: 1);
        double epochSeconds = double.MaxValue, computeSeconds = double.MaxValue, pipelineShare = double.MaxValue;
        int batchCount = 0, images = 0;
        for (int round = 0; round < rounds; round++)
        {
            int epoch = 2 + round;
            var measured = trainer.TrainOneEpoch(train, epoch);
            epochSeconds = Math.Min(epochSeconds, measured.Seconds);

            using var outer = NewDisposeScope();
            var batches = PrepareBatches(trainer, train, epoch);
            trainer.Model.train();
            var clock = Stopwatch.StartNew();
            foreach (var (x, y) in batches)
            {
                using var scope = NewDisposeScope();
                trainer.Step(x, y, measured.LearningRate);
            }
            computeSeconds = Math.Min(computeSeconds, clock.Elapsed.TotalSeconds);
            pipelineShare = Math.Min(pipelineShare, InstrumentedRatio(trainer, train, epoch, measured.LearningRate));
            batchCount = batches.Count;
            images = batches.Sum(b => (int)b.Images.shape[0]);
        }
        return new DataPipelineBenchmarkResult(epochSeconds, computeSeconds, batchCount, images,
            RunReport.DeviceName(trainer.Device), TorchRuntime.ResolveThreads(trainer.Options.Threads))
        {
            InstrumentedRatio = pipelineShare,
        };
    }

    /// <summary>(pipeline + step) / step, summed over an epoch whose batches are prepared and stepped one after the other.</summary>
    private static double InstrumentedRatio(Trainer trainer, ImageTensorSet train, int epoch, double lr)
    {
        using var generators = EpochGenerators.For(trainer.Options.Seed, epoch);
        using Tensor order = randperm(train.Count, generator: generators.Shuffle).to(trainer.Device);
        trainer.Model.train();
        var clock = new Stopwatch();
        double pipeline = 0, compute = 0;
        foreach (var (start, length) in trainer.BatchRanges(train.Count))
        {
            using var scope = NewDisposeScope();
            clock.Restart();
            var (x, y) = trainer.TrainingBatch(train, order.narrow(0, start, length), generators.Augmentation);
            pipeline += clock.Elapsed.TotalSeconds;
            clock.Restart();
            trainer.Step(x, y, lr);
            compute += clock.Elapsed.TotalSeconds;
        }
        return (pipeline + compute) / compute;
    }

    private static List<(Tensor Images, Tensor Labels)> PrepareBatches(Trainer trainer, ImageTensorSet train, int epoch)
    {
        using var generators = EpochGenerators.For(trainer.Options.Seed, epoch);
        using Tensor order = randperm(train.Count, generator: generators.Shuffle).to(trainer.Device);
        var batches = new List<(Tensor, Tensor)>();
        foreach (var (start, length) in trainer.BatchRanges(train.Count))
        {
            using var scope = NewDisposeScope();
            var (x, y) = trainer.TrainingBatch(train, order.narrow(0, start, length), generators.Augmentation);
            batches.Add((x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope()));
        }
        return batches;
    }
}
