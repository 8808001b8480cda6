namespace RpsVision.Serving.Models;

/// <summary>A request's hold on a model: the model stays usable until the lease is disposed.</summary>
internal sealed class ModelLease : IDisposable
{
    private LoadedModel? _model;

    public ModelLease(LoadedModel model) => _model = model;

    public LoadedModel Model => _model ?? throw new ObjectDisposedException(nameof(ModelLease));

    public void Dispose() => Interlocked.Exchange(ref _model, null)?.Release();
}
