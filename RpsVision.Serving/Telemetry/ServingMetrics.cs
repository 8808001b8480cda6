using System.Diagnostics.Metrics;
using Prometheus;

namespace RpsVision.Serving.Telemetry;

/// <summary>
/// The serving metrics exported on <c>/metrics</c> beside prometheus-net's HTTP ones (request counts and
/// latency histograms per route): predictions by class, inference time, the model being served, reloads.
/// </summary>
internal sealed class ServingMetrics
{
    private const string PrivateMeterPrefix = "Private.InternalDiagnostics.";

    private static readonly Counter Predictions = Metrics.CreateCounter(
        "rpsvision_predictions_total", "Images classified, by predicted class and route group.",
        new CounterConfiguration { LabelNames = ["label", "route"] });

    private static readonly Histogram InferenceSeconds = Metrics.CreateHistogram(
        "rpsvision_inference_duration_seconds", "Time to decode, preprocess and classify the images of one request.",
        new HistogramConfiguration
        {
            LabelNames = ["route"],
            Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14),
        });

    private static readonly Counter RejectedImages = Metrics.CreateCounter(
        "rpsvision_rejected_images_total", "Inputs refused as images, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    private static readonly Gauge ModelInfo = Metrics.CreateGauge(
        "rpsvision_model_info", "The model being served (value 1), by name and version.",
        new GaugeConfiguration { LabelNames = ["name", "version"] });

    private static readonly Counter Reloads = Metrics.CreateCounter(
        "rpsvision_model_loads_total", "Model load attempts, by result and trigger.",
        new CounterConfiguration { LabelNames = ["result", "trigger"] });

    /// <summary>
    /// Publishes the .NET meters on <c>/metrics</c> (runtime, Kestrel, routing, ...) except the runtime's private
    /// diagnostics ones. Kestrel loads System.Net.Quic, whose "Private.InternalDiagnostics.System.Net.Quic.MsQuic"
    /// meter would otherwise add some thirty msquic series to every scrape of a server that speaks no HTTP/3; the
    /// prefix marks meters that are no public contract. Takes effect if called before the first scrape.
    /// </summary>
    public static void PublishPublicMetersOnly() =>
        Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = IsPublished);

    private static bool IsPublished(Instrument instrument) =>
        !instrument.Meter.Name.StartsWith(PrivateMeterPrefix, StringComparison.Ordinal);

    public void Predicted(string route, string label) => Predictions.WithLabels(label, route).Inc();

    public IDisposable TimeInference(string route) => InferenceSeconds.WithLabels(route).NewTimer();

    public void Rejected(string reason) => RejectedImages.WithLabels(reason).Inc();

    /// <summary>Marks <paramref name="current"/> (name, version) as served, in place of <paramref name="previous"/>.</summary>
    public void ModelLoaded((string Name, string Version) current, (string Name, string Version)? previous, string trigger)
    {
        if (previous is { } replaced && replaced != current)
        {
            ModelInfo.RemoveLabelled(replaced.Name, replaced.Version);
        }
        ModelInfo.WithLabels(current.Name, current.Version).Set(1);
        Reloads.WithLabels("success", trigger).Inc();
    }

    public void ModelLoadFailed(string trigger) => Reloads.WithLabels("failure", trigger).Inc();
}
