using RpsVision.Core.Runs;
using RpsVision.Core.Training;
using SkiaSharp;

namespace RpsVision.Tests.Runs;

public class ReportChartsTests
{
    private static readonly EpochMetrics[] History =
    [
        new(1, 1.0, 0.5, 0.9, 0.6, 1e-3, 1, 100),
        new(2, 0.6, 0.8, 0.5, 0.9, 5e-4, 1, 100),
    ];

    [Test]
    public void Loss_WithTitle_DrawsTextInTheTitleArea()
    {
        using var withTitle = SKBitmap.Decode(ReportCharts.Loss(History, "Loss per epoch"));
        using var withoutTitle = SKBitmap.Decode(ReportCharts.Loss(History, ""));

        // The title sits in the top band of the chart; with fonts missing it would render as background only.
        int differing = 0;
        for (int y = 0; y < 40; y++)
        {
            for (int x = 0; x < withTitle.Width; x++)
            {
                differing += withTitle.GetPixel(x, y) != withoutTitle.GetPixel(x, y) ? 1 : 0;
            }
        }
        Assert.That(differing, Is.GreaterThan(100));
    }

    [Test]
    public void Confusion_Counts_DrawsDigitsInTheCells()
    {
        int[][] counts = [[5, 0, 0], [0, 5, 0], [0, 0, 5]];
        int[][] zeros = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];

        using var a = SKBitmap.Decode(ReportCharts.Confusion(counts, ["rock", "paper", "scissors"], "t"));
        using var b = SKBitmap.Decode(ReportCharts.Confusion(zeros, ["rock", "paper", "scissors"], "t"));

        Assert.That(a.Width, Is.EqualTo(b.Width));
        Assert.That(a.Bytes.SequenceEqual(b.Bytes), Is.False);
    }

    [Test]
    public void MisclassifiedGrid_NoImages_StillWritesAPng()
    {
        using var image = SKBitmap.Decode(MisclassifiedGrid.Render([], "Misclassified"));

        Assert.That(image.Width, Is.GreaterThan(0));
    }
}
