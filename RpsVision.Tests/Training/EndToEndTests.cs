using System.Text.Json;
using RpsVision.Core.Data;
using RpsVision.Core.Modeling;
using RpsVision.Core.Runs;
using RpsVision.Core.Training;

namespace RpsVision.Tests.Training;

/// <summary>The whole job on the real rps-28px images with a short epoch budget (about a minute on 2 cores).</summary>
[Category("Slow")]
public class EndToEndTests
{
    [Category(TestCategories.SharedData)]
    [Test]
    public async Task RunAsync_Rps28px_TwoEpochs_WritesAModelAndPlausibleMetrics()
    {
        string? data = SharedData.Rps28OrNull;
        if (data is null)
        {
            Assert.Ignore("../shared/data/rps-28px is not on this machine");
        }
        string output = Directory.CreateTempSubdirectory("rps-e2e-").FullName;
        try
        {
            var options = new PipelineOptions
            {
                Data = new DataOptions { DataDir = data!, AllowDownload = false },
                OutputDir = output,
                // Two epochs show the plumbing works; the default preset's compositing needs many more to learn.
                Training = TrainingOptions.For(ModelArchitecture.RpsNet) with { Epochs = 2, Threads = 2, Device = TrainingDevice.Cpu, Augmentation = AugmentationPresets.Get(AugmentationPresets.Renders) },
            };

            var result = await TrainingPipeline.RunAsync(options);

            using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.RunFolder, RunFiles.Metrics)));
            Assert.That(metrics.RootElement.GetProperty("input_size").GetInt32(), Is.EqualTo(28));
            Assert.That(metrics.RootElement.GetProperty("data").GetProperty("test_images").GetInt32(), Is.EqualTo(372));
            Assert.That(result.TestAccuracy, Is.GreaterThan(0.4), "two epochs should beat chance (1/3) clearly");
            Assert.That(result.OnnxMaxAbsDiff, Is.LessThan(1e-4));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
