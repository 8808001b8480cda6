using RpsVision.Core.Runs;
using RpsVision.Core.Training;
using System.Diagnostics;
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
    public void Loss_TwoTitles_DiffersInTheTitleArea()
    {
        using var a = SKBitmap.Decode(ReportCharts.Loss(History, ReportChartsTitles.A));
        using var b = SKBitmap.Decode(ReportCharts.Loss(History, ReportChartsTitles.B));

        Assert.That(DifferingPixelsInTopBand(a, b), Is.GreaterThan(100));
    }

    [Test]
    public void Loss_NoSystemFontsVisible_StillDrawsTheTitle()
    {
        // A child process in a mount namespace of its own where the system font folders are empty tmpfs mounts: the
        // charts see what a bare container shows them. Linux only, and only where unshare may make the namespace.
        using var folder = new TempDir();
        string output = RunWithoutSystemFonts(["render-charts", folder.Path]);

        Assert.That(output, Does.Contain("glyphs in the system's default typeface: 0"), "the child still saw system fonts");
        using var a = SKBitmap.Decode(Path.Combine(folder.Path, "a.png"));
        using var b = SKBitmap.Decode(Path.Combine(folder.Path, "b.png"));
        Assert.That(DifferingPixelsInTopBand(a, b), Is.GreaterThan(100), "no title text was drawn");
    }

    [Test]
    public void Accuracy_History_PutsTheLearningRateOnARightAxisAndTheLegendBelow()
    {
        using var chart = SKBitmap.Decode(ReportCharts.Accuracy(History));
        string? dump = Environment.GetEnvironmentVariable("RPSVISION_CHART_DUMP");
        if (dump is not null)
        {
            File.WriteAllBytes(dump, ReportCharts.Accuracy(History));
        }

        // The right-hand band holds the learning-rate axis (tick labels and its title); without it, it is blank.
        Assert.That(InkIn(chart, chart.Width - 70, chart.Width, 40, chart.Height - 120), Is.GreaterThan(150));
        // The legend is drawn below the plot area (under the epoch axis), not over the curves.
        Assert.That(InkIn(chart, 0, chart.Width, chart.Height - 40, chart.Height), Is.GreaterThan(100));
    }

    [Test]
    public void Describe_Augmentation_WritesWords()
    {
        var options = AugmentationOptions.None with
        {
            HorizontalFlip = true, VerticalFlip = false, Rotate90 = false, RotationDegrees = 180,
            ScaleJitter = 0.1, TranslateJitter = 0.05, Brightness = 0.2, Contrast = 0,
        };
        var composite = AugmentationOptions.None with { BackgroundProbability = 0.8, BackgroundsDirectory = "scenes", Hue = 0.05, Saturation = 0.4, GreyProbability = 0.1 };

        Assert.That(AugmentationDescription.Describe(options),
            Is.EqualTo("horizontal flips, rotation up to ±180°, scale ±10%, translation ±5% of the side, brightness ±20%"));
        Assert.That(AugmentationDescription.Describe(composite), Is.EqualTo(
            "hand over a random background in 80% of images (scenes from scenes (50%), solid colours, gradients and smooth noise), hue ±18°, saturation ±40%, grey in 10%"));
        Assert.That(AugmentationDescription.Describe(AugmentationOptions.None), Is.EqualTo("none"));
        Assert.That(AugmentationDescription.Describe(AugmentationOptions.None with { ColourCast = 0.1 }), Is.EqualTo("colour cast ±10% per channel"));
    }

    private static int InkIn(SKBitmap bitmap, int x0, int x1, int y0, int y1)
    {
        int ink = 0;
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                var p = bitmap.GetPixel(x, y);
                ink += p.Red + p.Green + p.Blue < 600 ? 1 : 0;
            }
        }
        return ink;
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

    /// <summary>Pixels that differ in the top 40 rows, where the title sits.</summary>
    private static int DifferingPixelsInTopBand(SKBitmap a, SKBitmap b)
    {
        int differing = 0;
        for (int y = 0; y < 40; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                differing += a.GetPixel(x, y) != b.GetPixel(x, y) ? 1 : 0;
            }
        }
        return differing;
    }

    /// <summary>
    /// Runs this test assembly's entry point (TestSupport/TestProgram) with <paramref name="arguments"/> where
    /// /usr/share/fonts and /usr/local/share/fonts are hidden; returns its output. Ignores the test where the
    /// namespace cannot be made (not Linux, or unshare not allowed).
    /// </summary>
    private static string RunWithoutSystemFonts(string[] arguments)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("Hiding the system fonts needs Linux mount namespaces.");
        }
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        string assembly = typeof(TestSupport.TestProgram).Assembly.Location;
        const string hide = "for d in /usr/share/fonts /usr/local/share/fonts; do [ ! -d \"$d\" ] || mount -t tmpfs none \"$d\" || exit 97; done; exec \"$@\"";
        var start = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true };
        // As root a mount namespace alone will do; otherwise a user namespace makes the caller root inside it.
        foreach (string flag in Environment.IsPrivilegedProcess ? ["--mount"] : new[] { "--mount", "--map-root-user" })
        {
            start.ArgumentList.Add(flag);
        }
        foreach (string argument in new[] { "sh", "-c", hide, "sh", dotnet, "exec", assembly }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("unshare did not start.");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode == 97 || (process.ExitCode != 0 && error.Result.Contains("unshare", StringComparison.Ordinal)))
        {
            Assert.Ignore($"Cannot hide the system fonts here (unshare/mount: {error.Result.Trim()}).");
        }
        Assert.That(process.ExitCode, Is.Zero, $"the child failed: {output} {error.Result}");
        return output;
    }
}
