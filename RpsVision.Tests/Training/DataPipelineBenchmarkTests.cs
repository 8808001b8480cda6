using RpsVision.Core.Preprocessing;
using RpsVision.Core.Training;

namespace RpsVision.Tests.Training;

public class DataPipelineBenchmarkTests
{
    [Test]
    public void Run_TinySet_ReportsBothTimesForTheSameBatches()
    {
        using var train = TinyImages.Set(48, seed: 1);
        using var trainer = Trainer.Create(TinyImages.FastOptions(), new PreprocessingOptions { InputSize = TinyImages.Size });

        var result = DataPipelineBenchmark.Run(trainer, train, rounds: 1);

        Assert.That(result.Batches, Is.EqualTo(3));
        Assert.That(result.Images, Is.EqualTo(48));
        Assert.That(result.EpochSeconds, Is.GreaterThan(0));
        Assert.That(result.ComputeSeconds, Is.GreaterThan(0));
        Assert.That(result.InstrumentedRatio, Is.GreaterThanOrEqualTo(1.0));
    }
}
