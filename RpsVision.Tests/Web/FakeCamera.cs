using System.Diagnostics;

namespace RpsVision.Tests.Web;

/// <summary>A still picture as a .y4m video, the format chromium's fake camera plays in a loop.</summary>
internal static class FakeCamera
{
    /// <summary>Converts <paramref name="picture"/> with ffmpeg; the test is ignored only when ffmpeg is not installed.</summary>
    public static string VideoFrom(string picture, string folder)
    {
        var ffmpeg = FindOnPath("ffmpeg")
            ?? throw new IgnoreException("ffmpeg is not installed (apt-get install ffmpeg; .ci/run installs it).");
        Directory.CreateDirectory(folder);
        var video = Path.Combine(folder, Path.GetFileNameWithoutExtension(picture) + ".y4m");
        var start = new ProcessStartInfo(ffmpeg)
        {
            ArgumentList = { "-y", "-loglevel", "error", "-loop", "1", "-i", picture, "-t", "1", "-pix_fmt", "yuv420p", video },
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        var errors = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000) || process.ExitCode != 0 || !File.Exists(video))
        {
            throw new InvalidOperationException($"ffmpeg could not make {video} from {picture}: {errors}");
        }
        return video;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
