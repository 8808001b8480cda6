using System.Globalization;
using RpsVision.Core.Data;
using RpsVision.Core.Runs;
using RpsVision.Core.Training;
using Spectre.Console;

namespace RpsVision.Training.Cli;

/// <summary>
/// Draws the job's progress: on a terminal, Spectre.Console progress bars (download bytes, batches with ETA)
/// and one line per epoch; when output is redirected or under CI, plain lines only, so logs stay readable.
/// </summary>
internal sealed class ConsoleObserver : IPipelineObserver
{
    private readonly TextWriter output;
    private readonly TextWriter error;
    private readonly IAnsiConsole? terminal;
    private ProgressContext? context;
    private ProgressTask? downloadTask;
    private ProgressTask? trainingTask;
    private ProgressTask? teachingTask;
    private int lastDownloadPercent = -1;

    public ConsoleObserver(TextWriter? output, TextWriter? error)
    {
        this.output = output ?? Console.Out;
        this.error = error ?? Console.Error;
        // System.CommandLine hands over Console.Out itself when nothing was redirected; a test passes its own writer.
        bool toConsole = output is null || ReferenceEquals(output, Console.Out);
        bool interactive = toConsole && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        terminal = interactive ? AnsiConsole.Console : null;
    }

    /// <summary>Runs <paramref name="work"/> inside a live progress display on a terminal, directly otherwise.</summary>
    public Task RunAsync(Func<Task> work)
    {
        if (terminal is null)
        {
            return work();
        }
        return terminal.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                context = ctx;
                await work();
            });
    }

    public void Stage(string message)
    {
        if (terminal is not null)
        {
            terminal.MarkupLine(Markup.Escape(message));
        }
        else
        {
            output.WriteLine(message);
        }
    }

    public void Error(string message)
    {
        if (terminal is not null)
        {
            terminal.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        }
        else
        {
            error.WriteLine($"error: {message}");
        }
    }

    public void Download(DownloadProgress progress)
    {
        if (context is not null)
        {
            downloadTask ??= context.AddTask($"download {progress.FileName}", maxValue: progress.TotalBytes);
            downloadTask.Value = progress.BytesDone;
            return;
        }
        int percent = (int)(progress.Fraction * 100);
        if (percent / 10 != lastDownloadPercent / 10)
        {
            lastDownloadPercent = percent;
            output.WriteLine($"download {progress.FileName}: {progress.BytesDone / 1e6:F1} / {progress.TotalBytes / 1e6:F1} MB ({percent}%)");
        }
    }

    public void Teaching(TeachProgress progress)
    {
        var step = progress.Done;
        string line = string.Create(CultureInfo.InvariantCulture,
            $"step {progress.Step,3}/{progress.Steps}  loss {step.Loss:F4}  acc {step.Accuracy:P1}  lr {step.LearningRate:E2}  {step.Seconds:F1} s");
        if (context is null)
        {
            output.WriteLine(line);
            return;
        }
        teachingTask ??= context.AddTask("teaching", maxValue: progress.Steps);
        teachingTask.Description = line;
        teachingTask.Value = progress.Step;
    }

    public void Training(TrainingProgress progress)
    {
        if (progress.Completed is { } m)
        {
            Stage(string.Create(CultureInfo.InvariantCulture,
                $"epoch {m.Epoch,3}/{progress.Epochs}  loss {m.TrainLoss:F4}  acc {m.TrainAccuracy:P1}  val loss {m.ValidationLoss:F4}  " +
                $"val acc {m.ValidationAccuracy:P1}  lr {m.LearningRate:E2}  {m.ImagesPerSecond:F0} img/s  {m.Seconds:F1} s"));
            return;
        }
        if (context is null)
        {
            return;
        }
        trainingTask ??= context.AddTask("training", maxValue: (double)progress.Epochs * progress.Batches);
        trainingTask.Description = $"epoch {progress.Epoch}/{progress.Epochs}";
        trainingTask.Value = (double)(progress.Epoch - 1) * progress.Batches + progress.Batch;
    }
}
