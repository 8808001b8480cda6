using RpsVision.Core.Inference;
using RpsVision.Serving.Models;

namespace RpsVision.Serving.Contracts;

/// <summary>
/// The model that answered: <c>{"name": ..., "version": ..., "input_size": ..., "fit": ...}</c>; the web page draws
/// the image at <c>input_size</c>, made square as <c>fit</c> says (<c>stretch</c>, <c>pad</c> or <c>crop</c>), to show
/// it as the model sees it.
/// </summary>
internal sealed record ModelSummary(string Name, string Version, int InputSize, string Fit)
{
    public static ModelSummary Of(LoadedModel model) =>
        new(model.Name, model.Version, model.Info.InputSize, model.Info.Preprocessing.Fit.ToString().ToLowerInvariant());
}

/// <summary>
/// The answer of <c>POST /predict</c>; the web page relies on this shape:
/// <c>{"label", "index", "probabilities": {label: p}, "model": {"name", "version", "input_size", "fit"}, "elapsed_ms"}</c>.
/// </summary>
internal sealed record PredictResponse(
    string Label, int Index, IReadOnlyDictionary<string, float> Probabilities, ModelSummary Model, double ElapsedMs)
{
    public static PredictResponse Of(Prediction prediction, LoadedModel model, double elapsedMs) =>
        new(prediction.Label, prediction.Index, ProbabilitiesByLabel(prediction, model.Labels), ModelSummary.Of(model),
            Math.Round(elapsedMs, 3));

    public static IReadOnlyDictionary<string, float> ProbabilitiesByLabel(Prediction prediction, IReadOnlyList<string> labels)
    {
        var byLabel = new Dictionary<string, float>(labels.Count);
        for (int i = 0; i < labels.Count; i++)
        {
            byLabel[labels[i]] = prediction.Probabilities[i];
        }
        return byLabel;
    }
}

/// <summary>
/// The answer of <c>GET /model</c>: what is served and what it expects, and how it did on real photos when its run
/// measured that (<c>real_photo_accuracy</c> 0..1 and <c>real_photo_set</c>, the folder's name; both null otherwise),
/// and the version it was taught from (<c>parent_version</c>; null for a model trained by a full run).
/// </summary>
internal sealed record ModelDescription(
    string Name, string Version, IReadOnlyList<string> Labels, int InputSize, string Path, DateTimeOffset LoadedAt,
    double? RealPhotoAccuracy, string? RealPhotoSet, string? ParentVersion, IReadOnlyDictionary<string, string> Metadata)
{
    public static ModelDescription Of(LoadedModel model) => new(model.Name, model.Version, model.Labels, model.Info.InputSize, model.Stamp.Path,
        model.LoadedAt, model.Info.RealPhotoAccuracy, model.Info.RealPhotoSet, model.Info.ParentVersion, model.Info.Properties);
}

/// <summary>The answer of <c>POST /admin/reload</c>.</summary>
internal sealed record ReloadResponse(bool Changed, ModelSummary Model, DateTimeOffset LoadedAt);

/// <summary>The original gateway's request: <c>{"url": "https://..."}</c>.</summary>
internal sealed record GatewayRequest(string? Url);

/// <summary>The original gateway's answer: <c>{"predicted_class": "paper", "predicted_prob": 0.98}</c>, plus every probability.</summary>
internal sealed record GatewayResponse(string PredictedClass, float PredictedProb, IReadOnlyDictionary<string, float> Probabilities);
