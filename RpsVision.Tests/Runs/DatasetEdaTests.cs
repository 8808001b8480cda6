using System.Text.Json;
using RpsVision.Core.Data;
using RpsVision.Core.Runs;
using RpsVision.Tests.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace RpsVision.Tests.Runs;

public class DatasetEdaTests
{
    [Test]
    public void Run_SmallSplit_CountsSizesModesAndWritesBothFiles()
    {
        using var dir = new TempDir();
        TestData.WriteLayout(dir.Path, trainPerClass: 8, testPerClass: 4);
        using (var gray = new Image<L8>(10, 7))
        {
            gray.SaveAsPng(Path.Combine(dir.Path, "rps-test-set", "paper", "paper01-000.png"), new PngEncoder { ColorType = PngColorType.Grayscale });
        }

        var split = RpsDataset.Load(DatasetCatalogueTests.Small(dir.Path)).Split(new SplitOptions { ValidationFraction = 0.25 });
        var output = Path.Combine(dir.Path, "run");

        var summary = DatasetEda.Run(split.All, output, new EdaOptions { SamplesPerClass = 3, TileSize = 16 });

        Assert.That(summary.TotalImages, Is.EqualTo(36));
        Assert.That(summary.Counts.Keys, Is.EqualTo(new[] { "train", "validation", "test" }));
        Assert.That(summary.Counts["train"], Is.EqualTo(new Dictionary<string, int> { ["rock"] = 6, ["paper"] = 6, ["scissors"] = 6 }));
        Assert.That(summary.Counts["test"]["paper"], Is.EqualTo(4));
        Assert.That(summary.ImageSizes, Is.EqualTo(new Dictionary<string, int> { ["10x7"] = 1, ["6x5"] = 35 }));
        Assert.That(summary.ColorModes, Is.EqualTo(new Dictionary<string, int> { ["L"] = 1, ["RGBA"] = 35 }));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "eda.json")));
        Assert.That(json.RootElement.GetProperty("counts").GetProperty("validation").GetProperty("scissors").GetInt32(), Is.EqualTo(2));
        Assert.That(json.RootElement.GetProperty("image_sizes").GetProperty("6x5").GetInt32(), Is.EqualTo(35));
        Assert.That(summary.SamplesImagePath, Is.EqualTo(Path.Combine(output, "eda_samples.png")));
    }

    [Test]
    public void Run_SampleGrid_OneRowPerClassOfNonTestImagesFromSeveralHands()
    {
        using var dir = new TempDir();
        TestData.WriteLayout(dir.Path, trainPerClass: 8, testPerClass: 4);
        var catalogue = RpsDataset.Load(DatasetCatalogueTests.Small(dir.Path));

        var summary = DatasetEda.Run(catalogue.Images, dir.Path, new EdaOptions { SamplesPerClass = 3, TileSize = 16 });

        Assert.That(summary.SampleFiles, Has.Count.EqualTo(9));
        Assert.That(summary.SampleFiles, Is.All.StartsWith("rps/"));
        Assert.That(summary.SampleFiles.Take(3), Is.All.StartsWith("rps/rock/"));
        Assert.That(summary.SampleFiles.Skip(6), Is.All.StartsWith("rps/scissors/"));
        Assert.That(summary.SampleFiles.Take(3).Select(f => HandIds.FromFileName(f)).Distinct().Count(), Is.EqualTo(3));

        using var grid = Image.Load<Rgb24>(summary.SamplesImagePath);
        const int labels = 90; // the class names' margin at the left
        Assert.That((grid.Width, grid.Height), Is.EqualTo((labels + 2 + 3 * 18, 2 + 3 * 18)));
        Assert.That(grid[labels, 0], Is.EqualTo(new Rgb24(255, 255, 255)), "gap");
        Assert.That(grid[labels + 2 + 8, 2 + 8], Is.Not.EqualTo(new Rgb24(255, 255, 255)), "a sample fills the first cell");
        for (int row = 0; row < 3; row++)
        {
            int ink = 0;
            for (int y = 2 + row * 18; y < 2 + row * 18 + 16; y++)
            {
                for (int x = 0; x < labels; x++)
                {
                    ink += grid[x, y].R < 128 ? 1 : 0;
                }
            }
            Assert.That(ink, Is.GreaterThan(10), $"row {row} has its class name at the left");
        }
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Run_SharedRps28_All28x28Rgba()
    {
        var root = SharedData.Rps28OrNull;
        if (root is null)
        {
            Assert.Ignore("../shared/data/rps-28px is not next to the repository.");
        }

        using var dir = new TempDir();
        var catalogue = RpsDataset.Load(new DataOptions { DataDir = root! });

        var summary = DatasetEda.Run(catalogue.Images, dir.Path);

        Assert.That(summary.ImageSizes, Is.EqualTo(new Dictionary<string, int> { ["28x28"] = 2892 }));
        Assert.That(summary.ColorModes, Is.EqualTo(new Dictionary<string, int> { ["RGBA"] = 2892 }));
        Assert.That(summary.Counts["train"]["scissors"], Is.EqualTo(840));
        Assert.That(summary.Counts["test"]["rock"], Is.EqualTo(124));
        Assert.That(File.Exists(summary.SamplesImagePath), Is.True);
    }

    [Test]
    public void EdaOptions_Defaults_ArePinned()
    {
        var options = new EdaOptions();

        Assert.That((options.SamplesPerClass, options.TileSize), Is.EqualTo((8, 96)));
        Assert.DoesNotThrow(options.Validate);
        Assert.That(() => new EdaOptions { TileSize = 4 }.Validate(), Throws.ArgumentException.With.Message.Contains("TileSize 4"));
    }
}
