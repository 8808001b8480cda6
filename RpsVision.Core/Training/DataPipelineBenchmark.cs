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
    /// <summary>Runs one warm-up epoch, one measured epoch, then the measured epoch's batches again as pure compute.</summary>
    /// <param name="trainer">A fresh trainer (its model is trained by the benchmark).</param>
    /// <param name="train">The decoded training images.</param>
    public static DataPipelineBenchmarkResult Run(Trainer trainer, ImageTensorSet train)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(train);
        trainer.TrainOneEpoch(train, epoch: 1);
        var epoch = trainer.TrainOneEpoch(train, epoch: 2);

        using var outer = NewDisposeScope();
        var batches = PrepareBatches(trainer, train, epoch: 2);
        trainer.Model.train();
        var clock = Stopwatch.StartNew();
        foreach (var (x, y) in batches)
        {
            using var scope = NewDisposeScope();
            trainer.Step(x, y, epoch.LearningRate);
        }
        double compute = clock.Elapsed.TotalSeconds;
        return new DataPipelineBenchmarkResult(epoch.Seconds, compute, batches.Count, batches.Sum(b => (int)b.Images.shape[0]),
            RunReport.DeviceName(trainer.Device), TorchRuntime.ResolveThreads(trainer.Options.Threads));
    }

    private static List<(Tensor Images, Tensor Labels)> PrepareBatches(Trainer trainer, ImageTensorSet train, int epoch)
    {
        using var generators = EpochGenerators.For(trainer.Options.Seed, epoch, trainer.Device);
        using Tensor order = randperm(train.Count, generator: generators.Cpu).to(trainer.Device);
        var batches = new List<(Tensor, Tensor)>();
        foreach (var (start, length) in trainer.BatchRanges(train.Count))
        {
            using var scope = NewDisposeScope();
            var (x, y) = trainer.TrainingBatch(train, order.narrow(0, start, length), generators.Device);
            batches.Add((x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope()));
        }
        return batches;
    }
}
