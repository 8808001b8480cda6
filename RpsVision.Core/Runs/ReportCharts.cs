using RpsVision.Core.Training;
using ScottPlot;
using SkiaSharp;

namespace RpsVision.Core.Runs;

/// <summary>
/// The report's PNG charts. Their text is drawn with DejaVu Sans, embedded in this assembly (Runs/Fonts, with its
/// licence) and registered with ScottPlot on first use, so a machine without fonts (a bare container) draws the same
/// text: the SkiaSharp that ScottPlot brings has no fontconfig and would otherwise find fonts only in /usr/share/fonts.
/// </summary>
internal static class ReportCharts
{
    public const int Width = 900;
    public const int Height = 520;

    /// <summary>The family name that the charts ask ScottPlot for; only the embedded font answers to it.</summary>
    public const string FontFamily = "RpsVision DejaVu Sans";

    private static readonly Lazy<SKTypeface> Font = new(RegisterFont);

    /// <summary>The embedded typeface, also for text drawn with SkiaSharp directly.</summary>
    public static SKTypeface Typeface => Font.Value;

    /// <summary>Training and validation loss per epoch.</summary>
    public static byte[] Loss(IReadOnlyList<EpochMetrics> history, string title = "Loss per epoch") => Lines(title, "loss",
        ("train (label-smoothed, augmented)", history.Select(m => m.TrainLoss)),
        ("validation", history.Select(m => m.ValidationLoss)));

    /// <summary>Training and validation accuracy per epoch; the learning rate on its own axis at the right.</summary>
    public static byte[] Accuracy(IReadOnlyList<EpochMetrics> history, string title = "Accuracy per epoch")
    {
        _ = Font.Value;
        using var plot = new Plot();
        AddLine(plot, "train (augmented)", history.Select(m => m.TrainAccuracy));
        AddLine(plot, "validation", history.Select(m => m.ValidationAccuracy));
        if (AddLine(plot, "learning rate (right axis)", history.Select(m => m.LearningRate)) is { } rate)
        {
            rate.Axes.YAxis = plot.Axes.Right;
            rate.LinePattern = LinePattern.Dashed;
            rate.MarkerSize = 0;
            plot.Axes.Right.Label.Text = "learning rate";
        }
        return Finish(plot, title, "accuracy");
    }

    /// <summary>A confusion matrix [true][predicted] with counts in the cells.</summary>
    public static byte[] Confusion(int[][] matrix, IReadOnlyList<string> labels, string title)
    {
        _ = Font.Value;
        using var plot = new Plot();
        int n = matrix.Length;
        double max = Math.Max(1, matrix.Max(row => row.Max()));
        for (int t = 0; t < n; t++)
        {
            for (int p = 0; p < n; p++)
            {
                double y = n - 1 - t;
                var cell = plot.Add.Rectangle(p - 0.5, p + 0.5, y - 0.5, y + 0.5);
                cell.FillStyle.Color = Colors.SteelBlue.WithAlpha(0.1 + 0.9 * matrix[t][p] / max);
                cell.LineStyle.Color = Colors.White;
                var text = plot.Add.Text(matrix[t][p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, y);
                text.LabelFontSize = 22;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = matrix[t][p] > max / 2 ? Colors.White : Colors.Black;
            }
        }
        double[] positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels.ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels.Reverse().ToArray());
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();
        plot.Title(title);
        plot.XLabel("predicted");
        plot.YLabel("true");
        return plot.GetImageBytes(620, 560, ImageFormat.Png);
    }

    private static byte[] Lines(string title, string yLabel, params (string Name, IEnumerable<double> Values)[] series)
    {
        _ = Font.Value;
        using var plot = new Plot();
        foreach (var (name, values) in series)
        {
            AddLine(plot, name, values);
        }
        return Finish(plot, title, yLabel);
    }

    private static ScottPlot.Plottables.Scatter? AddLine(Plot plot, string name, IEnumerable<double> values)
    {
        double[] ys = values.ToArray();
        if (ys.Length == 0 || ys.All(double.IsNaN))
        {
            return null;
        }
        double[] xs = Enumerable.Range(1, ys.Length).Select(i => (double)i).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = name;
        line.MarkerSize = 4;
        return line;
    }

    // The legend sits below the plot area, so it never covers curves that end near 1.0.
    private static byte[] Finish(Plot plot, string title, string yLabel)
    {
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static SKTypeface RegisterFont()
    {
        var font = EmbeddedFont.Load();
        Fonts.FontResolvers.Insert(0, font);
        Fonts.Default = FontFamily;
        return font.Typeface;
    }
}
