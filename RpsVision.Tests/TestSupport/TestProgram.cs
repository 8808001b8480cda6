using RpsVision.Core.Runs;
using RpsVision.Core.Training;
using SkiaSharp;

namespace RpsVision.Tests.TestSupport;

/// <summary>
/// The test assembly's entry point (in place of the one Microsoft.NET.Test.Sdk generates, which does nothing), so a
/// test can run a piece of Core in a child process that sees another file system: <c>dotnet exec RpsVision.Tests.dll
/// render-charts FOLDER</c> writes the loss chart with two titles and prints how many glyphs the
/// system's default typeface has (0: no system font visible).
/// </summary>
public static class TestProgram
{
    public static int Main(string[] args)
    {
        if (args is ["convolve"])
        {
            return Convolve();
        }
        if (args is not ["render-charts", string folder])
        {
            return 0;
        }
        Directory.CreateDirectory(folder);
        EpochMetrics[] history = [new(1, 1.0, 0.5, 0.9, 0.6, 1e-3, 1, 100), new(2, 0.6, 0.8, 0.5, 0.9, 5e-4, 1, 100)];
        File.WriteAllBytes(Path.Combine(folder, "a.png"), ReportCharts.Loss(history, ReportChartsTitles.A));
        File.WriteAllBytes(Path.Combine(folder, "b.png"), ReportCharts.Loss(history, ReportChartsTitles.B));
        // SkiaSharp's font manager for Linux without fontconfig reads /usr/share/fonts; with nothing there its default
        // typeface is an empty one.
        Console.WriteLine($"glyphs in the system's default typeface: {SKTypeface.Default.GlyphCount}");
        return 0;
    }

    /// <summary>
    /// <c>convolve</c>: runs one training step of a small network as the first torch work of a fresh process, so
    /// that oneDNN (with <c>ONEDNN_VERBOSE=1</c> from the parent) prints the instruction set it chose; then prints
    /// the loss.
    /// </summary>
    private static int Convolve()
    {
        var options = TinyImages.FastOptions(epochs: 1);
        using var train = TinyImages.Set(16, seed: 1);
        using var trainer = Trainer.Create(options, new RpsVision.Core.Preprocessing.PreprocessingOptions { InputSize = TinyImages.Size });
        var metrics = trainer.TrainOneEpoch(train, epoch: 1);
        Console.WriteLine($"loss {metrics.TrainLoss}");
        return 0;
    }
}

/// <summary>
/// Two titles of the same length: charts with either have the same layout, so their pixels differ only where glyphs
/// are drawn (a chart with no title at all is laid out differently, glyphs or not).
/// </summary>
public static class ReportChartsTitles
{
    public const string A = "Loss per epoch";
    public const string B = "Wxyz qrst uvwk";
}
