using System.IO.Compression;
using System.Text.RegularExpressions;

namespace RpsVision.Core.Data;

/// <summary>
/// Extracts one archive's images safely: every entry name is checked for escaping the target folder (the
/// whole archive is refused if one does), and only entries matching TFDS's rule under the archive's own root
/// folder are written. Extraction goes to a staging folder renamed at the end, so a split folder that
/// exists is complete.
/// </summary>
internal static partial class ArchiveExtractor
{
    private const long MaxEntryBytes = 64L << 20;

    /// <summary>Extracts <paramref name="zipPath"/>'s <c>&lt;splitFolder&gt;/&lt;label&gt;/*.png</c> entries into <paramref name="dataRoot"/>.</summary>
    /// <returns>The number of images extracted.</returns>
    /// <exception cref="InvalidDataException">An entry would escape the folder, is too large, or no entry matched.</exception>
    public static int Extract(string zipPath, string dataRoot, string splitFolder)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        var archiveName = Path.GetFileName(zipPath);
        foreach (var entry in zip.Entries)
        {
            EnsureSafe(entry.FullName, archiveName);
        }

        dataRoot = Path.GetFullPath(dataRoot);
        var staging = Path.Combine(dataRoot, $".{splitFolder}.extracting");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        var count = 0;
        foreach (var entry in zip.Entries)
        {
            var match = TfdsEntry().Match(entry.FullName);
            // The split is the archive's: only its own root folder counts, whatever the file names say.
            if (!match.Success || match.Groups[1].Value != splitFolder)
            {
                continue;
            }

            if (entry.Length > MaxEntryBytes)
            {
                throw new InvalidDataException($"Archive '{archiveName}' entry '{entry.FullName}' is {entry.Length} bytes; at most {MaxEntryBytes} allowed.");
            }

            var target = Path.GetFullPath(Path.Combine(staging, entry.FullName));
            if (!target.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Archive '{archiveName}' entry '{entry.FullName}' would be written outside '{staging}'.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: false);
            count++;
        }

        if (count == 0)
        {
            Directory.Delete(staging, recursive: true);
            throw new InvalidDataException(
                $"Archive '{archiveName}' holds no entry matching '{splitFolder}/(rock|paper|scissors)/*.png'.");
        }

        Directory.Move(Path.Combine(staging, splitFolder), Path.Combine(dataRoot, splitFolder));
        Directory.Delete(staging, recursive: true);
        return count;
    }

    /// <summary>Refuses names that are absolute, climb out with <c>..</c>, or use backslashes or drive letters.</summary>
    internal static void EnsureSafe(string entryName, string archiveName)
    {
        string? reason =
            entryName.Contains('\\') ? "contains a backslash"
            : entryName.Contains('\0') ? "contains a NUL character"
            : entryName.StartsWith('/') || Path.IsPathRooted(entryName) || DriveLetter().IsMatch(entryName) ? "is an absolute path"
            : entryName.Split('/').Any(segment => segment == "..") ? "climbs out of the target folder with '..'"
            : null;
        if (reason is not null)
        {
            throw new InvalidDataException($"Archive '{archiveName}' entry '{entryName}' {reason}; the archive is refused.");
        }
    }

    /// <summary>TFDS's rule for image entries of both archives.</summary>
    [GeneratedRegex(@"^(rps|rps-test-set)/(rock|paper|scissors)/[\w-]*\.png$")]
    private static partial Regex TfdsEntry();

    [GeneratedRegex("^[A-Za-z]:")]
    private static partial Regex DriveLetter();
}
