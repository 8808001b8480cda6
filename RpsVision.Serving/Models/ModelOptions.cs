using System.ComponentModel.DataAnnotations;

namespace RpsVision.Serving.Models;

/// <summary>Which model file is served and how changes to it are picked up. Section <c>Model</c>.</summary>
internal sealed class ModelOptions
{
    public const string SectionName = "Model";

    /// <summary>
    /// The ONNX model file. Default <c>runs/latest/model.onnx</c>. A relative path is resolved against the content
    /// root; under <c>dotnet run</c> (environment Development, content root the project folder)
    /// appsettings.Development.json sets <c>../runs/latest/model.onnx</c>, the repository's latest training run.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "runs/latest/model.onnx";

    /// <summary>Name the protocol routes answer to. Default: empty, the model's own name (from its metadata).</summary>
    public string? Name { get; set; }

    /// <summary>Reload when the file changes (file watcher). Default true.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>
    /// How often the file is also checked for changes (a missing file that appears, a replaced symlink). Default
    /// 5 seconds; zero turns polling off; at most one hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the file must be quiet after a change before it is loaded. Default 500 ms; 0 to 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// ONNX Runtime threads inside one operator. Default 1: requests run side by side, one per core, instead of
    /// competing for cores; 0 lets ONNX Runtime choose; at most 256.
    /// </summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; } = 1;
}
