namespace RpsVision.Core.Runs;

/// <summary>What the EDA report found; also written as <c>eda.json</c>.</summary>
public sealed class EdaSummary
{
    /// <summary>Images per split (<c>train</c>, <c>validation</c>, <c>test</c>; only splits present) and class name, in label order.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts { get; init; }

    /// <summary>Images per size, keyed <c>"&lt;width&gt;x&lt;height&gt;"</c>.</summary>
    public required IReadOnlyDictionary<string, int> ImageSizes { get; init; }

    /// <summary>Images per colour mode, named as PIL does (<c>RGB</c>, <c>RGBA</c>, <c>L</c>, <c>LA</c>, <c>P</c>; <c>;16</c> for 16-bit).</summary>
    public required IReadOnlyDictionary<string, int> ColorModes { get; init; }

    /// <summary>Number of images analysed.</summary>
    public required int TotalImages { get; init; }

    /// <summary>Relative paths of the grid's samples, row by row (one row per class).</summary>
    public required IReadOnlyList<string> SampleFiles { get; init; }

    /// <summary>Path of the written <c>eda.json</c>.</summary>
    public required string SummaryPath { get; init; }

    /// <summary>Path of the written <c>eda_samples.png</c>.</summary>
    public required string SamplesImagePath { get; init; }
}
