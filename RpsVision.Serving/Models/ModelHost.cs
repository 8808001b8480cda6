using Microsoft.Extensions.Options;
using RpsVision.Core.Inference;
using RpsVision.Serving.Telemetry;
using RpsVision.Serving.Requests;

namespace RpsVision.Serving.Models;

/// <summary>
/// Holds the model being served and swaps it atomically: a request takes a <see cref="ModelLease"/> and keeps
/// the model it started with; a new model replaces the current one only once it has loaded; a file that fails
/// to load is refused, logged, and the current model keeps serving.
/// </summary>
internal sealed class ModelHost : IDisposable
{
    private readonly ModelOptions _options;
    private readonly ClassifierOptions _classifierOptions;
    private readonly ServingMetrics _metrics;
    private readonly ILogger<ModelHost> _logger;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private LoadedModel? _current;
    private ModelFileStamp? _lastAttempt;
    private bool _missingReported;
    private int _refusedLoads;

    public ModelHost(IOptions<ModelOptions> options, IOptions<ServingOptions> serving, IHostEnvironment environment,
        ServingMetrics metrics, ILogger<ModelHost> logger)
    {
        _options = options.Value;
        _classifierOptions = new ClassifierOptions
        {
            Limits = serving.Value.ToImageLimits(),
            IntraOpThreads = _options.IntraOpThreads,
            MaxEncodedBytes = serving.Value.MaxRequestBodyBytes,
        };
        _metrics = metrics;
        _logger = logger;
        ModelPath = ModelPathResolver.Resolve(_options.Path, environment.ContentRootPath);
    }

    /// <summary>The model file's full path.</summary>
    public string ModelPath { get; }

    public bool IsReady => Volatile.Read(ref _current) is not null;

    /// <summary>The current model, for metadata; use <see cref="TryAcquire"/> to run it.</summary>
    public LoadedModel? Current => Volatile.Read(ref _current);

    /// <summary>
    /// Load attempts refused since start, whatever the trigger. The metrics count the same per process; this counts
    /// per host, so that a caller can wait for one refusal (a broken file seen by the watcher).
    /// </summary>
    public int RefusedLoads => Volatile.Read(ref _refusedLoads);

    /// <summary>A hold on the current model for the length of a request, or null when none is loaded.</summary>
    public ModelLease? TryAcquire()
    {
        while (true)
        {
            LoadedModel? model = Volatile.Read(ref _current);
            if (model is null)
            {
                return null;
            }
            if (model.TryAddReference())
            {
                return new ModelLease(model);
            }
            // The model was swapped out and released between the read and the reference: read again.
        }
    }

    /// <summary>
    /// Loads the model file if it changed since the last attempt (or always, with <paramref name="force"/>) and
    /// makes it current. A failure leaves the current model in place.
    /// </summary>
    public async Task<ModelLoadResult> ReloadAsync(bool force, string trigger, CancellationToken cancellationToken)
    {
        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            ModelFileStamp? stamp = ModelFileStamp.Read(ModelPath);
            if (stamp is null)
            {
                // Said once, not at every poll, while the server waits for training to write the file.
                if (!force && _missingReported)
                {
                    return ModelLoadResult.Unchanged(Current);
                }
                _missingReported = true;
                string missing = $"The model file {ModelPath} does not exist (set Model:Path); waiting for it.";
                _logger.LogWarning("{Error}", missing);
                return Refuse(stamp, trigger, missing);
            }
            _missingReported = false;
            if (!force && stamp == _lastAttempt)
            {
                return ModelLoadResult.Unchanged(Current);
            }
            _lastAttempt = stamp;
            ImageClassifier classifier;
            try
            {
                classifier = await Task.Run(() => new ImageClassifier(ModelPath, _classifierOptions), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Model file {Path} refused ({Trigger}); the current model keeps serving.", ModelPath, trigger);
                return Refuse(stamp, trigger, $"The model file {ModelPath} could not be loaded: {e.Message}");
            }
            var loaded = new LoadedModel(classifier, string.IsNullOrWhiteSpace(_options.Name) ? classifier.Model.Name : _options.Name, stamp.Value);
            LoadedModel? previous = Interlocked.Exchange(ref _current, loaded);
            previous?.Release();
            _metrics.ModelLoaded((loaded.Name, loaded.Version), previous is null ? null : (previous.Name, previous.Version), trigger);
            _logger.LogInformation("Serving model {Name} version {Version} from {Path} ({Trigger}).",
                loaded.Name, loaded.Version, ModelPath, trigger);
            return ModelLoadResult.Loaded(loaded);
        }
        finally
        {
            _loadLock.Release();
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _current, null)?.Release();
        _loadLock.Dispose();
    }

    private ModelLoadResult Refuse(ModelFileStamp? stamp, string trigger, string error)
    {
        _lastAttempt = stamp;
        Interlocked.Increment(ref _refusedLoads);
        _metrics.ModelLoadFailed(trigger);
        return ModelLoadResult.Failed(Current, error);
    }
}
