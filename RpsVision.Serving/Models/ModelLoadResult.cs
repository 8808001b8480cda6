namespace RpsVision.Serving.Models;

/// <summary>What a load attempt did; <see cref="Current"/> is the model serving afterwards (possibly the old one).</summary>
internal sealed record ModelLoadResult(bool Succeeded, bool Changed, LoadedModel? Current, string? Error)
{
    public static ModelLoadResult Loaded(LoadedModel model) => new(true, true, model, null);

    public static ModelLoadResult Unchanged(LoadedModel? current) => new(current is not null, false, current, null);

    public static ModelLoadResult Failed(LoadedModel? current, string error) => new(false, false, current, error);
}
