using RpsVision.Core.Data;
using RpsVision.Core.Training;

namespace RpsVision.Core.Runs;

/// <summary>Receives the job's progress (the command line draws it; tests may ignore it). Calls come from the job's thread.</summary>
public interface IPipelineObserver
{
    /// <summary>A stage of the job begins or reports a result (one line of text).</summary>
    void Stage(string message);

    /// <summary>Bytes of an archive download.</summary>
    void Download(DownloadProgress progress);

    /// <summary>A training batch or epoch finished.</summary>
    void Training(TrainingProgress progress);

    /// <summary>A step of teaching a model photos finished (<c>teach</c>). Default: ignored.</summary>
    void Teaching(TeachProgress progress)
    {
    }
}
