using System.Globalization;

namespace RpsVision.Core.Runs;

/// <summary>
/// A run's output folder <c>&lt;output&gt;/&lt;yyyyMMdd-HHmmss&gt;/</c> and the <c>&lt;output&gt;/latest</c>
/// symbolic link to the newest run (relative, so the output folder can move).
/// </summary>
internal static class RunFolder
{
    public const string LatestName = "latest";

    private const string NameFormat = "yyyyMMdd-HHmmss";

    /// <summary>
    /// Creates a new run folder named after the current UTC second and, with <paramref name="pointLatest"/>, points
    /// <c>latest</c> at it (a job that must not move <c>latest</c> before it has finished calls
    /// <see cref="PointLatest"/> at its end instead). A run folder's name
    /// is its model's version (see <see cref="VersionOf"/>), so names only increase: when the current second is taken
    /// or older than the newest run, the folder takes the second after the newest run.
    /// </summary>
    /// <exception cref="IOException">The output folder cannot be created or written.</exception>
    public static string Create(string outputDir, bool pointLatest = true)
    {
        string root = EnsureWritable(outputDir);
        var now = DateTime.UtcNow;
        var stamp = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc);
        if (NewestRunTime(root) is DateTime newest && newest >= stamp)
        {
            stamp = newest.AddSeconds(1);
        }
        string path = Path.Combine(root, stamp.ToString(NameFormat, CultureInfo.InvariantCulture));
        Directory.CreateDirectory(path);
        if (pointLatest)
        {
            PointLatestAt(root, Path.GetFileName(path));
        }
        return path;
    }

    /// <summary>Points <c>&lt;outputDir&gt;/latest</c> at <paramref name="runFolder"/>, a run folder inside it.</summary>
    public static void PointLatest(string outputDir, string runFolder) =>
        PointLatestAt(Path.GetFullPath(outputDir), Path.GetFileName(Path.TrimEndingDirectorySeparator(runFolder)));

    /// <summary>
    /// The model version of a run, TF Serving style: a number that increases from run to run, the run folder's UTC
    /// timestamp as <c>yyyyMMddHHmmss</c> (run <c>20261126-143000</c> → <c>20261126143000</c>). A folder not named like
    /// a run gets the <paramref name="fallback"/> time in the same form.
    /// </summary>
    public static string VersionOf(string runName, DateTimeOffset fallback) =>
        (TryParseTime(runName, out DateTime time) ? time : fallback.UtcDateTime).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private static DateTime? NewestRunTime(string root) =>
        Directory.EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .Select(name => TryParseTime(name!, out DateTime time) ? time : (DateTime?)null)
            .Max();

    /// <summary>Reads a run folder's name: <c>yyyyMMdd-HHmmss</c>, or that with a <c>-N</c> suffix (older runs).</summary>
    private static bool TryParseTime(string name, out DateTime time) =>
        DateTime.TryParseExact(name.Length > NameFormat.Length && name[NameFormat.Length] == '-' ? name[..NameFormat.Length] : name,
            NameFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time);

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
