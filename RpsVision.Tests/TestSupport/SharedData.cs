namespace RpsVision.Tests.TestSupport;

/// <summary>Finds the read-only real data under <c>shared/data</c> (rps-28px and photos) above the test's folder.</summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The <c>shared/data</c> folder.</summary>
    public static string Directory => Root.Value;

    /// <summary><c>shared/data/rps-28px</c>: the TFDS images at 28x28.</summary>
    public static string Rps28 => Path.Combine(Directory, "rps-28px");

    /// <summary><c>shared/data/photos</c>: 24 real 300x200 photos, in rock/paper/scissors folders.</summary>
    public static string Photos => Path.Combine(Directory, "photos");

    /// <summary>The first <paramref name="perClass"/> PNGs (sorted by name) of each class folder under <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> Images(string root, int perClass) =>
        new[] { "rock", "paper", "scissors" }
            .SelectMany(label => System.IO.Directory.GetFiles(Path.Combine(root, label), "*.png").Order(StringComparer.Ordinal).Take(perClass))
            .ToArray();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            // Both folders, so that a partial copy elsewhere is not taken for the real one.
            if (System.IO.Directory.Exists(Path.Combine(candidate, "rps-28px", "rps-test-set"))
                && System.IO.Directory.Exists(Path.Combine(candidate, "photos", "rock")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"No shared/data/rps-28px above {AppContext.BaseDirectory}.");
    }
}
