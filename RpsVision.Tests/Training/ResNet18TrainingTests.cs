using System.CommandLine;
using System.Text.Json;
using RpsVision.Core.Modeling;
using RpsVision.Core.Preprocessing;
using RpsVision.Core.Runs;
using RpsVision.Core.Training;
using RpsVision.Training.Cli;
using static TorchSharp.torch;

namespace RpsVision.Tests.Training;

/// <summary>The default architecture end to end: options, the trainer, checkpoints and the command line's bad input.</summary>
public class ResNet18TrainingTests
{
    private static readonly string[] Counts = ["--expect-train-per-class", "12", "--expect-test-per-class", "3"];
    private static readonly PreprocessingOptions Preprocessing = ImageNetResNet18.Preprocessing(32);

    private static TrainingOptions Options(int epochs = 1) => new()
    {
        Epochs = epochs,
        BatchSize = 12,
        Threads = 1,
        Device = TrainingDevice.Cpu,
        Augmentation = AugmentationPresets.Get(AugmentationPresets.Renders),
    };

    [Test]
    public void Step_PretrainedBackbone_LearnsAtItsShareOfTheHeadsRate()
    {
        using var train = TinyImages.Set(24, seed: 1, size: 32);
        using var trainer = Trainer.Create(Options() with { BackboneLearningRateScale = 0.25 }, Preprocessing);

        trainer.TrainOneEpoch(train, epoch: 1);

        var model = (ResNet18)trainer.Model;
        Assert.That(model.FreezeBatchNormStatistics, Is.True);
        var rates = trainer.OptimizerLearningRates();
        Assert.That(rates, Has.Count.EqualTo(2));
        Assert.That(rates[0], Is.EqualTo(rates[1] * 0.25).Within(1e-12));
        Assert.That(rates[1], Is.GreaterThan(0));
    }

    [Test]
    public void Create_StartsFromTheImageNetWeights()
    {
        using var fromImageNet = Trainer.Create(Options(), Preprocessing);
        using var fresh = new ResNet18();
        ImageNetResNet18.LoadWeights(fresh, ImageNetResNet18.DefaultPath);

        var expected = fresh.BackboneParameters().First();
        var actual = ((ResNet18)fromImageNet.Model).BackboneParameters().First();
        Assert.That(actual.allclose(expected), Is.True);
    }

    [Test]
    public void LoadModel_ResNet18Checkpoint_PredictsAsTheTrainedModel()
    {
        using var folder = new TempDir();
        using var train = TinyImages.Set(24, seed: 1, size: 32);
        using var validation = TinyImages.Set(6, seed: 2, size: 32);
        using var trainer = Trainer.Create(Options(), Preprocessing);
        trainer.Fit(train, validation, folder.Path);
        using var input = randn(2, 3, 32, 32);
        trainer.Model.eval();
        using var expected = trainer.Model.forward(input);

        var (model, header) = TrainingCheckpoint.LoadModel(Path.Combine(folder.Path, TrainingCheckpoint.LastFileName), CPU);
        using (model)
        using (var actual = model.forward(input))
        {
            Assert.That(model, Is.InstanceOf<ResNet18>());
            Assert.That(header.Options.Architecture, Is.EqualTo(ModelArchitecture.ResNet18));
            Assert.That(actual.allclose(expected, rtol: 1e-5, atol: 1e-6), Is.True);
        }
    }

    [Test]
    public void Create_InputSizeNotAMultipleOf32_NamesTheFlag()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Create(Options(), ImageNetResNet18.Preprocessing(32) with { InputSize = 48 }));

        Assert.That(error!.Message, Does.Contain("--image-size").And.Contain("48"));
    }

    [TestCase("--model", "resnet50")]
    [TestCase("--backbone-lr-scale", "0")]
    public async Task Invoke_BadSetting_NamesItsFlag(string option, string value)
    {
        using var data = new TinyDataset();

        var (code, text) = await Invoke(["train", .. DataArgs(data), option, value, .. Counts]);

        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(text, Does.Contain(option), text);
        Assert.That(Directory.Exists(data.OutputDir), Is.False);
    }

    [Test]
    public async Task Invoke_PretrainedMissing_NamesTheFlagAndThePathAndCreatesNoRun()
    {
        using var data = new TinyDataset();
        string missing = Path.Combine(data.Root, "nowhere", "ResNet18.onnx");

        var (code, text) = await Invoke(["train", .. DataArgs(data), "--pretrained", missing, .. Counts]);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("--pretrained").And.Contain(missing), text);
        Assert.That(RunFolders(data), Is.Empty);
    }

    [Test]
    public async Task Invoke_PretrainedNotOnnxOrAnotherGraph_NamesTheFlagAndLeavesTheLatestRunAsItWas()
    {
        using var data = new TinyDataset();
        Assert.That((await Invoke(["train", .. DataArgs(data), "--epochs", "1", "--image-size", "32", .. Counts])).Code, Is.EqualTo(0));
        string[] before = RunFolders(data);
        string notOnnx = Path.Combine(data.Root, "notes.onnx");
        File.WriteAllText(notOnnx, "not a model");
        string otherGraph = Path.Combine(data.Root, "other.onnx");
        File.Copy(ServingModels.ModelA, otherGraph);

        foreach (string file in new[] { notOnnx, otherGraph })
        {
            var (code, text) = await Invoke(["train", .. DataArgs(data), "--pretrained", file, .. Counts]);

            Assert.That(code, Is.EqualTo(1));
            Assert.That(text, Does.Contain("--pretrained").And.Contain(file), text);
        }
        Assert.That(RunFolders(data), Is.EqualTo(before));
    }

    [Test]
    public async Task Invoke_ImageSizeNotAMultipleOf32_NamesTheFlag()
    {
        using var data = new TinyDataset();

        var (code, text) = await Invoke(["train", .. DataArgs(data), "--image-size", "28", .. Counts]);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("--image-size").And.Contain("28"), text);
        Assert.That(RunFolders(data), Is.Empty);
    }

    [Test]
    public async Task Invoke_TinyData_TrainsAResNet18At32PixelsAndResumeRefusesTheOtherArchitecture()
    {
        using var data = new TinyDataset();

        var (trained, log) = await Invoke(["train", .. DataArgs(data), "--epochs", "1", .. Counts]);

        Assert.That(trained, Is.EqualTo(0), log);
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(data.OutputDir, "latest", RunFiles.Config))))
        {
            var training = config.RootElement.GetProperty("training");
            Assert.That(training.GetProperty("architecture").GetString(), Is.EqualTo("resnet18"));
        }
        Assert.That(log, Does.Contain("input 32x32"));
        var (code, text) = await Invoke(["train", .. DataArgs(data), "--resume", "--model", "rpsnet", .. Counts]);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(text, Does.Contain("--model rpsnet contradicts the saved --model resnet18"), text);
    }

    private static string[] DataArgs(TinyDataset data) => ["--data-dir", data.DataDir, "--offline", "--output-dir", data.OutputDir, "--threads", "1"];

    private static string[] RunFolders(TinyDataset data) =>
        Directory.Exists(data.OutputDir) ? Directory.GetDirectories(data.OutputDir).Select(d => Path.GetFileName(d)).Order().ToArray() : [];

    private static async Task<(int Code, string Text)> Invoke(params string[] args)
    {
        var output = new StringWriter();
        int code = await TrainingCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }
}
