namespace RpsVision.Serving.Models;

/// <summary>Turns the configured <c>Model:Path</c> into a full path.</summary>
internal static class ModelPathResolver
{
    public const string SolutionFileName = "RpsVision.sln";

    /// <summary>
    /// An absolute path as is. A relative one against the content root when the file is there; else against the
    /// repository root (the first folder above the content root holding RpsVision.sln, where training writes
    /// <c>runs/</c>) when there is one, even if the file is not there yet; else against the content root.
    /// </summary>
    public static string Resolve(string configured, string contentRoot)
    {
        if (Path.IsPathRooted(configured))
        {
            return Path.GetFullPath(configured);
        }
        string underContentRoot = Path.GetFullPath(Path.Combine(contentRoot, configured));
        if (File.Exists(underContentRoot))
        {
            return underContentRoot;
        }
        string? repositoryRoot = FindRepositoryRoot(contentRoot);
        return repositoryRoot is null ? underContentRoot : Path.GetFullPath(Path.Combine(repositoryRoot, configured));
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
