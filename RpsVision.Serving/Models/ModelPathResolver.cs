namespace RpsVision.Serving.Models;

/// <summary>Turns the configured <c>Model:Path</c> into a full path.</summary>
internal static class ModelPathResolver
{
    /// <summary>
    /// An absolute path as is; a relative one against the content root (the project folder under <c>dotnet run</c>,
    /// the application folder when published), whether or not the file is there yet.
    /// </summary>
    public static string Resolve(string configured, string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(contentRoot, configured));
}
