using System.Globalization;

namespace RpsVision.Core.Training;

/// <summary>Result of <see cref="DataPipelineBenchmark.Run"/>.</summary>
/// <param name="EpochSeconds">Wall time of a training epoch, data pipeline included.</param>
/// <param name="ComputeSeconds">Time of the optimisation steps alone on the same batches.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Images">Images per epoch.</param>
/// <param name="Device">cpu or cuda.</param>
/// <param name="Threads">CPU threads.</param>
public sealed record DataPipelineBenchmarkResult(double EpochSeconds, double ComputeSeconds, int Batches, int Images, string Device, int Threads)
{
    /// <summary>Epoch wall time over pure compute time (1.0: the pipeline costs nothing; target ≤ 1.10).</summary>
    public double Ratio => EpochSeconds / ComputeSeconds;

    /// <summary>
    /// (pipeline + step) / step, timed batch by batch within one epoch, so that both parts see the same machine
    /// load; 1.0 when the pipeline costs nothing. On a shared machine this is the more trustworthy ratio.
    /// </summary>
    public double InstrumentedRatio { get; init; } = double.NaN;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"epoch {EpochSeconds:F2} s vs compute {ComputeSeconds:F2} s on the same {Batches} batches ({Images} images): " +
        $"ratio {Ratio:F3}; batch by batch within one epoch: ratio {InstrumentedRatio:F3} (pipeline overhead {(InstrumentedRatio - 1) * 100:F1}%); " +
        $"on {Device}, {Threads} threads");
}
