using System.CommandLine;
using System.Text.RegularExpressions;
using RpsVision.Core.Runs;
using RpsVision.Core.Training;
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

    [TestCase("--device", "Cuda")]
    [TestCase("--split", "HoldOutHands")]
    [TestCase("--select", "BestValidation")]
    public void Parse_EnumMemberName_IsRefusedWithTheHelpSpellings(string option, string value)
    {
        var result = TrainingCommandLine.Create().Parse([option, value]);

        Assert.That(string.Join("\n", result.Errors.Select(e => e.Message)), Does.Contain($"{option} '{value}' is not allowed"));
    }

    /// <summary>Every value that --help offers, listed (&lt;a|b&gt;) or as a default, is one the parser takes.</summary>
    [TestCaseSource(nameof(CommandPaths))]
    public async Task Help_EveryListedValueAndDefault_IsAccepted(string[] command)
    {
        var (code, help) = await Invoke([.. command, "--help"]);
        Assert.That(code, Is.EqualTo(0));

        var offered = HelpValues(help);
        Command target = command.Aggregate((Command)TrainingCommandLine.Create(), (c, name) => c.Subcommands.Single(s => s.Name == name));
        string[] withDefaults = target.Options.Where(o => o.HasDefaultValue && o.ValueType != typeof(bool)).Select(o => o.Name).ToArray();
        Assert.That(offered.Select(v => v.Option).Distinct(), Is.SupersetOf(withDefaults), help);
        // A command's arguments (teach's FOLDER) are given any value: this test is about the options.
        string[] arguments = target.Arguments.Select(a => a.Name).ToArray();
        foreach (var (option, value) in offered)
        {
            var result = TrainingCommandLine.Create().Parse([.. command, .. arguments, option, value]);
            Assert.That(result.Errors.Select(e => e.Message), Is.Empty, $"{string.Join(' ', command)} {option} {value}");
        }
    }

    [Test]
    public async Task Help_EnumOptions_ListTheirValues()
    {
        var (_, help) = await Invoke("--help");

        var values = HelpValues(help);
        Assert.That(values, Does.Contain(("--split", "hold-out-hands")).And.Contain(("--split", "stratified")));
        Assert.That(values, Does.Contain(("--select", "best-validation")).And.Contain(("--device", "cuda")).And.Contain(("--augment", "any-angle")));
    }

    private static IEnumerable<string[]> CommandPaths()
    {
        static IEnumerable<string[]> Walk(Command command, string[] path) =>
            new[] { path }.Concat(command.Subcommands.SelectMany(c => Walk(c, [.. path, c.Name])));
        return Walk(TrainingCommandLine.Create(), []);
    }

    /// <summary>(option, value) for each value listed in an option's &lt;a|b&gt; and for its shown default.</summary>
    private static List<(string Option, string Value)> HelpValues(string help)
    {
        var values = new List<(string, string)>();
        // An option's row starts with its name; a long description wraps onto indented rows of its own.
        var rows = Regex.Split(help, @"\n(?=\s{2}-)");
        foreach (string row in rows)
        {
            var head = Regex.Match(row, @"^\s*(?:-\w, )?(--[\w-]+)(?: <([^>]+)>)?");
            if (!head.Success || head.Groups[1].Value is "--help" or "--version")
            {
                continue;
            }
            string option = head.Groups[1].Value;
            if (head.Groups[2].Value.Contains('|'))
            {
                values.AddRange(head.Groups[2].Value.Split('|').Select(v => (option, v)));
            }
            var shownDefault = Regex.Match(Regex.Replace(row, @"\s+", " "), @"\[default: ([^\]]+)\]");
            if (shownDefault.Success)
            {
                values.Add((option, shownDefault.Groups[1].Value));
            }
        }
        return values;
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
    public async Task Invoke_OfflineWithoutData_NamesTheFlagsToUse()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"rps-missing-{Guid.NewGuid():N}");

        var (code, text) = await Invoke("download", "--data-dir", missing, "--offline");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("--offline").And.Contain("--data-dir"));
    }

    [Test]
    public async Task Invoke_UnreachableMirror_NamesDataDirAndMirror()
    {
        string data = Directory.CreateTempSubdirectory("rps-mirror-").FullName;
        try
        {
            // Port 9 (discard) on the loopback refuses the connection at once.
            var (code, text) = await Invoke("download", "--data-dir", data, "--mirror", "http://127.0.0.1:9/tfds/");

            Assert.That(code, Is.EqualTo(1));
            Assert.That(text, Does.Contain("http://127.0.0.1:9/tfds/").And.Contain("--data-dir").And.Contain("--mirror"));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>A bad setting's message names the flag that sets it, not only the library property.</summary>
    [TestCase("--epochs", "0")]
    [TestCase("--batch-size", "0")]
    [TestCase("--warmup-epochs", "-1")]
    [TestCase("--threads", "-1")]
    [TestCase("--lr", "0")]
    [TestCase("--weight-decay", "2")]
    [TestCase("--label-smoothing", "1")]
    [TestCase("--image-size", "4")]
    [TestCase("--expect-train-per-class", "0")]
    [TestCase("--expect-test-per-class", "0")]
    [TestCase("--data-dir", " ")]
    [TestCase("--output-dir", " ")]
    [TestCase("--mirror", "ftp://example.org/")]
    public async Task Invoke_BadSetting_NamesItsFlag(string option, string value)
    {
        // Validation fails before anything is read or written, so these folders are never created.
        var args = new List<string> { option, value, "--offline" };
        if (option != "--output-dir")
        {
            args.AddRange(["--output-dir", Path.Combine(Path.GetTempPath(), $"rps-unused-{Guid.NewGuid():N}")]);
        }
        if (option != "--data-dir")
        {
            args.AddRange(["--data-dir", "unused"]);
        }

        var (code, text) = await Invoke([.. args]);

        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(text, Does.Contain(option), text);
    }

    [TestCase("--photos", "/nonexistent/photos")]
    [TestCase("--seconds", "0")]
    [TestCase("--image-size", "4")]
    public async Task Invoke_BenchInferenceBadSetting_NamesItsFlag(string option, string value)
    {
        var (code, text) = await Invoke("bench", "inference", option, value);

        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(text, Does.Contain(option), text);
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
        if (TorchSharp.torch.cuda_is_available())
        {
            Assert.Ignore("a CUDA GPU is present; this test needs a machine without one");
        }

        var (code, text) = await Invoke("--device", "cuda", "--data-dir", "unused");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("cuda"));
    }

    [Test]
    public async Task Help_EveryOption_ShowsItsDefault()
    {
        var (code, text) = await Invoke("--help");

        Assert.That(code, Is.EqualTo(0));
        foreach (var expected in new[] { "--data-dir", "--output-dir", "--epochs", "--seed", "--device", "--resume", "[default: 6]", "[default: runs]", "[default: 42]" })
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

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Invoke_EvaluatePhotos_WritesARealPhotoReportBesideTheModel()
    {
        using var data = new TinyDataset();
        using var photos = new PhotoFolders();
        string folder = photos.RealPhotos("phone", perClass: 1);
        var run = await TrainingPipeline.RunAsync(data.Pipeline(epochs: 1));

        var (code, text) = await Invoke("evaluate", "--checkpoint", Path.Combine(data.OutputDir, "latest", TrainingCheckpoint.LastFileName), "--photos", folder);

        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("Real-photo accuracy").And.Contain("4 photos of phone"));
        string report = Path.Combine(run.RunFolder, "real-photos-phone");
        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(report, RunFiles.Metrics)));
        Assert.That(metrics.RootElement.GetProperty("images").GetInt32(), Is.EqualTo(4));
        Assert.That(File.Exists(Path.Combine(report, RunFiles.Misclassified)) && File.Exists(Path.Combine(report, RunFiles.Report)), Is.True);
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Invoke_EvaluatePhotosUnknownLabel_NamesTheFolder()
    {
        using var photos = new PhotoFolders();
        using var models = new TempDir();
        string model = TestModels.CreateOnnxModel(models.Path);
        string folder = photos.RealPhotos(perClass: 1);
        PhotoFolders.Write(folder, "Rock/a.png", PhotoFolders.NoisePng());

        var (code, text) = await Invoke("evaluate", "--model", model, "--photos", folder);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("'Rock'").And.Contain("rock, paper, scissors"));
    }

    [Test]
    public async Task Invoke_TeachOnATinyRun_PrintsAStepLineEachAndTheSummary()
    {
        using var data = new TinyDataset();
        Assert.That((await Invoke(["train", .. data.Args(["--epochs", "1", .. TinyCounts])])).Code, Is.EqualTo(0));
        string photos = Path.Combine(data.Root, "photos");
        TinyImages.WritePngs(photos, "mine", 6, seed: 9);

        var (code, text) = await Invoke("teach", Path.Combine(photos, "mine"), "--from", Path.Combine(data.OutputDir, "latest"), "--output-dir", data.OutputDir,
            "--steps", "3", "--threads", "1", "--device", "cpu");

        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("step   1/3").And.Contain("step   3/3"));
        Assert.That(text, Does.Contain("Done: 3 steps").And.Contain("rock 2, paper 2, scissors 2 (0 skipped)").And.Contain("TFDS test"));
    }

    [Test]
    public async Task Invoke_TeachALabelTheModelDoesNotHave_NamesTheArgumentAndTheFolder()
    {
        using var data = new TinyDataset();
        string photos = Path.Combine(data.Root, "photos");
        PhotoFolders.Write(photos, "lizard/a.png", PhotoFolders.NoisePng());

        var (code, text) = await Invoke("teach", photos, "--from", Path.Combine(data.OutputDir, "latest"), "--output-dir", data.OutputDir);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("FOLDER").And.Contain(photos).And.Contain("'lizard'"));
        Assert.That(Directory.Exists(data.OutputDir), Is.False);
    }

    [Test]
    public async Task Invoke_TeachFromAFolderThatIsNotARun_NamesTheFlag()
    {
        using var data = new TinyDataset();
        string photos = Path.Combine(data.Root, "photos");
        TinyImages.WritePngs(photos, "mine", 3, seed: 9);

        var (code, text) = await Invoke("teach", Path.Combine(photos, "mine"), "--from", data.DataDir, "--output-dir", data.OutputDir);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("--from").And.Contain(data.DataDir).And.Contain("checkpoint.bin"));
    }

    private static readonly string[] TinyCounts = ["--expect-train-per-class", "12", "--expect-test-per-class", "3"];

    [Test]
    public async Task Invoke_EvaluateOnARunWithoutDataDir_TakesTheRunsDataAndPrintsTheTables()
    {
        using var data = new TinyDataset();
        var (trained, log) = await Invoke(["train", .. data.Args(["--epochs", "1", .. TinyCounts])]);
        Assert.That(trained, Is.EqualTo(0), log);
        string checkpoint = Path.Combine(data.OutputDir, "latest", "checkpoint.bin");

        // No --data-dir and no counts: both come from the run's config.json (the defaults would look for 840 images in data/).
        var (code, text) = await Invoke("evaluate", "--checkpoint", checkpoint, "--threads", "1");

        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("Test accuracy").And.Contain("on 9 images"));
        Assert.That(text, Does.Contain("precision").And.Contain("recall").And.Contain("Confusion matrix"));
        Assert.That(text, Does.Contain("scissors"));
    }

    [Test]
    public async Task Invoke_EvaluateWithAnExplicitFlag_OverridesTheRun()
    {
        using var data = new TinyDataset();
        await Invoke(["train", .. data.Args(["--epochs", "1", .. TinyCounts])]);

        var (code, text) = await Invoke("evaluate", "--checkpoint", Path.Combine(data.OutputDir, "latest", "checkpoint.bin"), "--expect-test-per-class", "4");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("expected 4"));
    }

    [Test]
    public async Task Invoke_TrainThenExport_RecordsTheExportInTheRunsMetricsAndReport()
    {
        using var data = new TinyDataset();
        await Invoke(["train", .. data.Args(["--epochs", "1", .. TinyCounts])]);
        string run = Path.Combine(data.OutputDir, "latest");

        var (code, text) = await Invoke("export", "--checkpoint", Path.Combine(run, "checkpoint.bin"), "--threads", "1");

        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(File.Exists(Path.Combine(run, "model.onnx")), Is.True);
        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        Assert.That(metrics.RootElement.GetProperty("onnx_max_abs_diff").GetDouble(), Is.LessThan(1e-4));
        Assert.That(metrics.RootElement.GetProperty("exports").GetProperty("model.onnx").GetProperty("checkpoint").GetString(), Is.EqualTo("checkpoint.bin"));
        Assert.That(File.ReadAllText(Path.Combine(run, "report.md")), Does.Contain("| ONNX `model.onnx` | from `checkpoint.bin`"));
    }

    [Test]
    public async Task Invoke_ExportBestCheckpoint_WritesModelBestAndLeavesTheLastModelUntouched()
    {
        using var data = new TinyDataset();
        var (trained, log) = await Invoke(data.Args(["--epochs", "2", .. TinyCounts]));
        Assert.That(trained, Is.EqualTo(0), log);
        string run = Path.Combine(data.OutputDir, "latest");
        byte[] lastModel = File.ReadAllBytes(Path.Combine(run, "model.onnx"));
        double runDiff = ReadMetrics(run).GetProperty("onnx_max_abs_diff").GetDouble();

        var (code, text) = await Invoke("export", "--checkpoint", Path.Combine(run, "checkpoint-best.bin"), "--threads", "1");

        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(File.ReadAllBytes(Path.Combine(run, "model.onnx")), Is.EqualTo(lastModel));
        Assert.That(File.Exists(Path.Combine(run, "model-best.onnx")), Is.True);
        var metrics = ReadMetrics(run);
        Assert.That(metrics.GetProperty("onnx_max_abs_diff").GetDouble(), Is.EqualTo(runDiff));
        var best = metrics.GetProperty("exports").GetProperty("model-best.onnx");
        Assert.That(best.GetProperty("checkpoint").GetString(), Is.EqualTo("checkpoint-best.bin"));
        Assert.That(best.GetProperty("max_abs_diff").GetDouble(), Is.LessThan(1e-4));
        Assert.That(File.ReadAllText(Path.Combine(run, "report.md")), Does.Contain("| ONNX `model-best.onnx` | from `checkpoint-best.bin`").And.Contain("| ONNX `model.onnx` |"));
    }

    [Test]
    public async Task Invoke_ExportOntoAnotherCheckpointsModel_IsRefused()
    {
        using var data = new TinyDataset();
        await Invoke(data.Args(["--epochs", "1", .. TinyCounts]));
        string run = Path.Combine(data.OutputDir, "latest");
        byte[] lastModel = File.ReadAllBytes(Path.Combine(run, "model.onnx"));

        var (code, text) = await Invoke("export", "--checkpoint", Path.Combine(run, "checkpoint-best.bin"), "--output", Path.Combine(run, "model.onnx"));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("is the model of checkpoint.bin"));
        Assert.That(File.ReadAllBytes(Path.Combine(run, "model.onnx")), Is.EqualTo(lastModel));
    }

    private static System.Text.Json.JsonElement ReadMetrics(string run) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json"))).RootElement;

    private static async Task<(int Code, string Text)> Invoke(params string[] args)
    {
        var output = new StringWriter();
        int code = await TrainingCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }
}
