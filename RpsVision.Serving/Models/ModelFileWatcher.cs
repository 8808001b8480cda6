using Microsoft.Extensions.Options;

namespace RpsVision.Serving.Models;

/// <summary>
/// Loads the model at start (readiness stays false until then), then reloads it when the file changes: a file
/// watcher reacts at once, a poll catches what the watcher misses (a file that appears later, a switched
/// symlink). Changes are loaded once the file has been quiet for <see cref="ModelOptions.ReloadDelay"/>.
/// </summary>
internal sealed partial class ModelFileWatcher(ModelHost host, IOptions<ModelOptions> options, ILogger<ModelFileWatcher> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await host.ReloadAsync(force: false, "start", stoppingToken);
        ModelOptions settings = options.Value;
        using FileSystemWatcher? watcher = settings.Watch ? CreateWatcher(host.ModelPath) : null;
        TimeSpan poll = settings.PollInterval > TimeSpan.Zero ? settings.PollInterval : Timeout.InfiniteTimeSpan;
        while (!stoppingToken.IsCancellationRequested)
        {
            bool signalled = await _changed.WaitAsync(poll, stoppingToken);
            if (signalled)
            {
                // Wait until the writer has been quiet for a while, so a half-written file is not loaded.
                while (await _changed.WaitAsync(settings.ReloadDelay, stoppingToken))
                {
                }
            }
            await host.ReloadAsync(force: false, signalled ? "file change" : "poll", stoppingToken);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _changed.Dispose();
    }

    private FileSystemWatcher? CreateWatcher(string modelPath)
    {
        string? directory = Path.GetDirectoryName(modelPath);
        if (directory is null || !Directory.Exists(directory))
        {
            LogNoWatcher(directory ?? modelPath);
            return null;
        }
        var watcher = new FileSystemWatcher(directory, Path.GetFileName(modelPath))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        FileSystemEventHandler onChange = (_, _) => _changed.Release();
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Renamed += (_, _) => _changed.Release();
        watcher.Error += (_, e) => LogWatcherError(e.GetException());
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The folder {Directory} does not exist yet; polling for the model file.")]
    private partial void LogNoWatcher(string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model file watcher failed; polling goes on.")]
    private partial void LogWatcherError(Exception exception);
}
