using System.Globalization;

namespace RpsVision.Core.Runs;

/// <summary>
/// A run's output folder <c>&lt;output&gt;/&lt;yyyyMMdd-HHmmss&gt;/</c> and the <c>&lt;output&gt;/latest</c>
/// symbolic link to the newest run (relative, so the output folder can move).
/// </summary>
internal static class RunFolder
{
    public const string LatestName = "latest";

    /// <summary>Creates a new run folder and points <c>latest</c> at it.</summary>
    /// <exception cref="IOException">The output folder cannot be created or written.</exception>
    public static string Create(string outputDir)
    {
        string root = EnsureWritable(outputDir);
        string name = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string path = Path.Combine(root, name);
        for (int i = 2; Directory.Exists(path); i++)
        {
            path = Path.Combine(root, $"{name}-{i}");
        }
        Directory.CreateDirectory(path);
        PointLatestAt(root, Path.GetFileName(path));
        return path;
    }

    /// <summary>The folder <c>latest</c> points to.</summary>
    /// <exception cref="DirectoryNotFoundException">There is no previous run to resume.</exception>
    public static string Latest(string outputDir)
    {
        string link = Path.Combine(Path.GetFullPath(outputDir), LatestName);
        var info = new DirectoryInfo(link);
        if (!info.Exists)
        {
            throw new DirectoryNotFoundException($"Nothing to resume: '{link}' does not exist (run without --resume first).");
        }
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
    }

    /// <summary>Creates the output folder if needed and checks that a file can be written in it.</summary>
    /// <exception cref="IOException">It cannot.</exception>
    public static string EnsureWritable(string outputDir)
    {
        string root = Path.GetFullPath(outputDir);
        try
        {
            Directory.CreateDirectory(root);
            string probe = Path.Combine(root, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return root;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IOException($"Output folder (--output-dir) '{root}' is not writable: {e.Message}", e);
        }
    }

    private static void PointLatestAt(string root, string runName)
    {
        string link = Path.Combine(root, LatestName);
        if (Directory.Exists(link) || File.Exists(link))
        {
            var existing = new DirectoryInfo(link);
            if (existing.LinkTarget is null)
            {
                return; // a real folder named "latest" belongs to the user; leave it alone
            }
            existing.Delete();
        }
        Directory.CreateSymbolicLink(link, runName);
    }
}
