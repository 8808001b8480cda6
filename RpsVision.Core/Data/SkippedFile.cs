namespace RpsVision.Core.Data;

/// <summary>A file of a labelled image folder that was left out, and why.</summary>
/// <param name="RelativePath">Path relative to the folder, with forward slashes (e.g. <c>rock/notes.txt</c>).</param>
/// <param name="Reason">Why it was left out (not an image, cannot be read or decoded, over the image limits, …).</param>
public sealed record SkippedFile(string RelativePath, string Reason);
