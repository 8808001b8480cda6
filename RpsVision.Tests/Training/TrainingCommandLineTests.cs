using System.CommandLine;
using RpsVision.Training.Cli;

namespace RpsVision.Tests.Training;

public class TrainingCommandLineTests
{
    [TestCase("--device", "gpu", "gpu")]
    [TestCase("--split", "random", "stratified, hold-out-hands")]
    [TestCase("--augment", "mixup", "mixup")]
    [TestCase("--select", "first", "last, best-validation")]
    [TestCase("--epochs", "many", "many")]
    public void Parse_UnknownValue_ReportsTheValue(string option, string value, string expected)
    {
        var result = TrainingCommandLine.Create().Parse([option, value]);

        Assert.That(result.Errors, Is.Not.Empty);
        Assert.That(string.Join("\n", result.Errors.Select(e => e.Message)), Does.Contain(expected));
    }

    [Test]
    public async Task Invoke_UnknownValue_ExitsNonZero()
    {
        var (code, text) = await Invoke("--device", "gpu");

        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(text, Does.Contain("gpu"));
    }

    [Test]
    public async Task Invoke_MissingDataSet_NamesTheFolder()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"rps-missing-{Guid.NewGuid():N}");

        var (code, text) = await Invoke("--data-dir", missing, "--offline", "--output-dir", Path.Combine(missing, "runs"));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain(missing));
    }

    [Test]
    public async Task Invoke_ShortDataSet_SaysItIsShort()
    {
        using var data = new TinyDataset();

        var (code, text) = await Invoke(data.Args("--epochs", "1"));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("840").Or.Contain("expected"));
    }

    [Test]
    public async Task Invoke_UnwritableOutputFolder_SaysSo()
    {
        string file = Path.GetTempFileName();
        try
        {
            var (code, text) = await Invoke("--output-dir", Path.Combine(file, "runs"), "--data-dir", "unused");

            Assert.That(code, Is.EqualTo(1));
            Assert.That(text, Does.Contain("not writable"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Invoke_EpochsZero_NamesTheOption()
    {
        var (code, text) = await Invoke("--epochs", "0");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("Epochs"));
    }

    [Test]
    public async Task Invoke_CudaWithoutGpu_SaysSo()
    {
        Assume.That(TorchSharp.torch.cuda_is_available(), Is.False);

        var (code, text) = await Invoke("--device", "cuda", "--data-dir", "unused");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("cuda"));
    }

    [Test]
    public async Task Help_EveryOption_ShowsItsDefault()
    {
        var (code, text) = await Invoke("--help");

        Assert.That(code, Is.EqualTo(0));
        foreach (var expected in new[] { "--data-dir", "--output-dir", "--epochs", "--seed", "--device", "--resume", "[default: 40]", "[default: runs]", "[default: 42]" })
        {
            Assert.That(text, Does.Contain(expected));
        }
        Assert.That(text, Does.Contain("download").And.Contain("eda").And.Contain("train").And.Contain("evaluate").And.Contain("export").And.Contain("bench"));
    }

    [Test]
    public async Task Invoke_TrainOnTinyData_WritesARunAndPlainEpochLines()
    {
        using var data = new TinyDataset();

        var (code, text) = await Invoke(["train", .. data.Args("--epochs", "1", "--expect-train-per-class", "12", "--expect-test-per-class", "3")]);

        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("epoch   1/1"));
        Assert.That(File.Exists(Path.Combine(data.OutputDir, "latest", "checkpoint.bin")), Is.True);
    }

    private static async Task<(int Code, string Text)> Invoke(params string[] args)
    {
        var output = new StringWriter();
        int code = await TrainingCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }
}
