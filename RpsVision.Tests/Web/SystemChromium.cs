using Microsoft.Playwright;

namespace RpsVision.Tests.Web;

/// <summary>
/// Debian's chromium driven headless by Playwright's driver (shipped in the NuGet package: nothing is downloaded,
/// `playwright install` is never run). CI installs the browser (.ci/run); without it these tests fail, loudly.
/// </summary>
internal static class SystemChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] BaseArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    /// <summary>Launches the browser; <paramref name="extraArgs"/> are added to the fixed flags.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] extraArgs)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"No browser at {ExecutablePath}: install Debian's chromium (apt-get install chromium), as .ci/run does.");
        }
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = [.. BaseArgs, .. extraArgs],
            Timeout = 60_000,
        });
    }

    /// <summary>Flags that give getUserMedia a fake camera playing <paramref name="y4mFile"/>, without a prompt.</summary>
    public static string[] FakeCameraArgs(string y4mFile) =>
    [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-video-capture={y4mFile}",
    ];
}
