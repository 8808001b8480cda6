using RpsVision.Core.Data;

namespace RpsVision.Tests.TestSupport;

/// <summary>
/// Finds the read-only real data under <c>shared/data</c> (rps-28px and photos): the repository's
/// <c>../shared/data</c> for the main checkout, further up for a git worktree. Each folder is taken only where its
/// own sub-folders exist, so that an empty look-alike folder on the way up is passed over.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Rps28Folder =
        new(() => FindAbove("rps-28px", DataOptions.TrainFolder, DataOptions.TestFolder));

    private static readonly Lazy<string?> PhotosFolder =
        new(() => FindAbove("photos", RpsLabels.Names.ToArray()));

    private static readonly Lazy<string?> PhotosDevFolder =
        new(() => FindAbove("photos-dev", RpsLabels.Names.ToArray()));

    /// <summary><c>shared/data/rps-28px</c>: the TFDS images at 28x28; throws when it is not on this machine.</summary>
    public static string Rps28 => Rps28Folder.Value ?? throw Missing("rps-28px");

    /// <summary><c>shared/data/rps-28px</c>, or null when it is not on this machine (for tests that then ignore themselves).</summary>
    public static string? Rps28OrNull => Rps28Folder.Value;

    /// <summary><c>shared/data/photos</c>: 24 real 300x200 photos, in rock/paper/scissors folders.</summary>
    public static string Photos => PhotosFolder.Value ?? throw Missing("photos");

    /// <summary><c>shared/data/photos-dev</c>: 450 real 300x200 photos (150 per class), the development set.</summary>
    public static string PhotosDev => PhotosDevFolder.Value ?? throw Missing("photos-dev");

    /// <summary>The first <paramref name="perClass"/> PNGs (sorted by name) of each class folder under <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> Images(string root, int perClass) =>
        RpsLabels.Names
            .SelectMany(label => Directory.GetFiles(Path.Combine(root, label), "*.png").Order(StringComparer.Ordinal).Take(perClass))
            .ToArray();

    private static string? FindAbove(string name, params string[] requiredFolders)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data", name);
            if (requiredFolders.All(folder => Directory.Exists(Path.Combine(candidate, folder))))
            {
                return candidate;
            }
        }
        return null;
    }

    private static DirectoryNotFoundException Missing(string name) =>
        new($"No shared/data/{name} above {AppContext.BaseDirectory}.");
}
