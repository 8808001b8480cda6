using System.Diagnostics;
using RpsVision.Core.Inference;
using RpsVision.Serving.Telemetry;

namespace RpsVision.Serving.Models;

/// <summary>
/// Runs the leased model for the endpoints and counts what it does: preprocess → infer → postprocess happen in
/// Core's classifier; this adds the timing and the per-class counts.
/// </summary>
internal sealed class Classification(ServingMetrics metrics)
{
    /// <exception cref="Core.Preprocessing.InvalidImageException">The bytes cannot be used as an image.</exception>
    public Prediction Classify(ModelLease lease, ReadOnlySpan<byte> image, string route, out double elapsedMs)
    {
        long start = Stopwatch.GetTimestamp();
        Prediction prediction;
        using (metrics.TimeInference(route))
        {
            try
            {
                prediction = lease.Model.Classifier.Classify(image);
            }
            catch (Core.Preprocessing.InvalidImageException e)
            {
                metrics.Rejected(e.Reason.ToString());
                throw;
            }
        }
        elapsedMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        metrics.Predicted(route, prediction.Label);
        return prediction;
    }

    /// <exception cref="Core.Preprocessing.InvalidImageException">One of the images cannot be used.</exception>
    public IReadOnlyList<Prediction> ClassifyImages(ModelLease lease, IReadOnlyList<byte[]> images, string route)
    {
        IReadOnlyList<Prediction> predictions;
        using (metrics.TimeInference(route))
        {
            predictions = Run(() => lease.Model.Classifier.ClassifyBatch(images));
        }
        return Count(predictions, route);
    }

    /// <summary>Already preprocessed input: <paramref name="count"/> images, NCHW.</summary>
    public IReadOnlyList<Prediction> ClassifyTensor(ModelLease lease, float[] nchw, int count, string route)
    {
        IReadOnlyList<Prediction> predictions;
        using (metrics.TimeInference(route))
        {
            predictions = lease.Model.Classifier.ClassifyPreprocessed(nchw, count);
        }
        return Count(predictions, route);
    }

    private T Run<T>(Func<T> classify)
    {
        try
        {
            return classify();
        }
        catch (Core.Preprocessing.InvalidImageException e)
        {
            metrics.Rejected(e.Reason.ToString());
            throw;
        }
    }

    private IReadOnlyList<Prediction> Count(IReadOnlyList<Prediction> predictions, string route)
    {
        foreach (Prediction prediction in predictions)
        {
            metrics.Predicted(route, prediction.Label);
        }
        return predictions;
    }
}
