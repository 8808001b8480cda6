using System.CommandLine;
using System.Text.Json;
using RpsVision.Core.Runs;
using RpsVision.Training.Cli;

namespace RpsVision.Tests.Training;

/// <summary>--resume takes the run's saved configuration; a flag that contradicts it is refused by name.</summary>
public class ResumeFlagsTests
{
    private static readonly string[] Counts = ["--expect-train-per-class", "12", "--expect-test-per-class", "3"];

    [Test]
    public async Task Invoke_ResumeWithConflictingSeed_IsRefusedNamingTheFlagAndTheSavedValue()
    {
        using var data = new TinyDataset();
        Assert.That((await Invoke(["train", .. data.Args(["--epochs", "1", "--seed", "7", .. Counts])])).Code, Is.EqualTo(0));

        var (code, text) = await Invoke(["train", .. data.Args(["--resume", "--seed", "8", .. Counts])]);

        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(text, Does.Contain("--seed 8 contradicts the saved --seed 7"));
    }

    [Test]
    public async Task Invoke_ResumeOnAnotherDataFolder_IsRefusedNamingTheFolder()
    {
        using var data = new TinyDataset();
        Assert.That((await Invoke(["train", .. data.Args(["--epochs", "1", .. Counts])])).Code, Is.EqualTo(0));
        string otherData = Path.Combine(data.Root, "other-data");
        TinyImages.WritePngs(otherData, Core.Data.DataOptions.TrainFolder, 36, seed: 3);
        TinyImages.WritePngs(otherData, Core.Data.DataOptions.TestFolder, 9, seed: 4);

        var (code, text) = await Invoke(["train", "--data-dir", otherData, "--offline", "--output-dir", data.OutputDir, "--threads", "1", "--resume", .. Counts]);

        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(text, Does.Contain($"data in '{otherData}'").And.Contain("train digest").And.Contain("test digest"));
    }

    [Test]
    public async Task Invoke_ResumeWithoutFlags_ContinuesWithTheSavedSeedAndSplit()
    {
        using var data = new TinyDataset();
        Assert.That((await Invoke(["train", .. data.Args(["--epochs", "1", "--seed", "7", .. Counts])])).Code, Is.EqualTo(0));
        string latest = Path.Combine(data.OutputDir, "latest");
        string split = File.ReadAllText(Path.Combine(latest, RunFiles.ManifestCsv));

        var (code, text) = await Invoke(["train", .. data.Args(["--resume", .. Counts])]);

        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(File.ReadAllText(Path.Combine(latest, RunFiles.ManifestCsv)), Is.EqualTo(split));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(latest, RunFiles.Config)));
        Assert.That(config.RootElement.GetProperty("split").GetProperty("seed").GetInt32(), Is.EqualTo(7));
        Assert.That(config.RootElement.GetProperty("training").GetProperty("seed").GetInt32(), Is.EqualTo(7));
    }

    private static async Task<(int Code, string Text)> Invoke(params string[] args)
    {
        var output = new StringWriter();
        int code = await TrainingCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }
}
