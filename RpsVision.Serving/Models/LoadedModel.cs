using RpsVision.Core.Inference;

namespace RpsVision.Serving.Models;

/// <summary>
/// One loaded classifier with a reference count: the host holds one reference while the model is current and
/// each request holds one while it runs, so a swapped-out model is disposed only after its last request ends.
/// </summary>
internal sealed class LoadedModel
{
    private int _references = 1;

    public LoadedModel(ImageClassifier classifier, string servedName, ModelFileStamp stamp)
    {
        Classifier = classifier;
        Name = servedName;
        Stamp = stamp;
        LoadedAt = DateTimeOffset.UtcNow;
    }

    public ImageClassifier Classifier { get; }

    /// <summary>The name the protocol routes answer to.</summary>
    public string Name { get; }

    public ModelInfo Info => Classifier.Model;

    public string Version => Classifier.Model.Version;

    public IReadOnlyList<string> Labels => Classifier.Model.Labels;

    public ModelFileStamp Stamp { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>Takes a reference unless the model has already been released by everyone.</summary>
    public bool TryAddReference()
    {
        int current = Volatile.Read(ref _references);
        while (current > 0)
        {
            int seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }
            current = seen;
        }
        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Classifier.Dispose();
        }
    }
}
