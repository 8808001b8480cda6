using System.Diagnostics;
using TorchSharp;
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
            WaitForDevice(trainer.Device);
            computeSeconds = Math.Min(computeSeconds, clock.Elapsed.TotalSeconds);
            pipelineShare = Math.Min(pipelineShare, InstrumentedRatio(trainer, train, epoch, measured.LearningRate));
            batchCount = batches.Count;
            images = batches.Sum(b => (int)b.Images.shape[0]);
        }
        return new DataPipelineBenchmarkResult(epochSeconds, computeSeconds, batchCount, images,
            TorchRuntime.DeviceName(trainer.Device), TorchRuntime.ResolveThreads(trainer.Options.Threads))
        {
            InstrumentedRatio = pipelineShare,
        };
    }

    /// <summary>(pipeline + step) / step, summed over an epoch whose batches are prepared and stepped one after the other.</summary>
    private static double InstrumentedRatio(Trainer trainer, ImageTensorSet train, int epoch, double lr)
    {
        using var epochScope = NewDisposeScope();
        var (order, batches, draws) = trainer.PlanEpoch(train.Count, epoch);
        trainer.Model.train();
        WaitForDevice(trainer.Device);
        var clock = new Stopwatch();
        double pipeline = 0, compute = 0;
        foreach (var (start, length) in batches)
        {
            using var scope = NewDisposeScope();
            clock.Restart();
            var (x, y) = trainer.TrainingBatch(train, order.narrow(0, start, length), draws.narrow(1, start, length));
            WaitForDevice(trainer.Device);
            pipeline += clock.Elapsed.TotalSeconds;
            clock.Restart();
            trainer.Step(x, y, lr);
            WaitForDevice(trainer.Device);
            compute += clock.Elapsed.TotalSeconds;
        }
        return (pipeline + compute) / compute;
    }

    /// <summary>An epoch's batches, ready for the steps; they, the order and the draws belong to the caller's scope.</summary>
    private static List<(Tensor Images, Tensor Labels)> PrepareBatches(Trainer trainer, ImageTensorSet train, int epoch)
    {
        var (order, ranges, draws) = trainer.PlanEpoch(train.Count, epoch);
        var batches = new List<(Tensor, Tensor)>();
        foreach (var (start, length) in ranges)
        {
            using var scope = NewDisposeScope();
            var (x, y) = trainer.TrainingBatch(train, order.narrow(0, start, length), draws.narrow(1, start, length));
            batches.Add((x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope()));
        }
        WaitForDevice(trainer.Device);
        return batches;
    }

    // The GPU runs what the CPU queues later; a timer must wait for it (the CPU needs no wait).
    private static void WaitForDevice(Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize();
        }
    }
}
