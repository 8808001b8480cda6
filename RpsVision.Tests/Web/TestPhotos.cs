namespace RpsVision.Tests.Web;

/// <summary>The real photos of hands in ../shared/data/photos/{rock,paper,scissors}, next to the repository.</summary>
internal static class TestPhotos
{
    /// <summary>The first photo (by name) of a class; the test is ignored when the photos are not there.</summary>
    public static string One(string label)
    {
        var folder = Find() ?? throw new IgnoreException("../shared/data/photos is not next to the repository.");
        return Directory.GetFiles(Path.Combine(folder, label), "*.png").Order(StringComparer.Ordinal).First();
    }

    private static string? Find()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RpsVision.sln")))
        {
            dir = dir.Parent;
        }

        // ../shared next to the repository; a git worktree one level deeper (wt/<name>) looks further up.
        for (var parent = dir?.Parent; parent is not null; parent = parent.Parent)
        {
            var path = Path.Combine(parent.FullName, "shared", "data", "photos");
            if (Directory.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
