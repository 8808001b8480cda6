using Microsoft.Playwright;

namespace RpsVision.Tests.Web;

/// <summary>
/// The browser of the browser tests, found once per test run by <see cref="BrowserLocator"/> and driven headless by
/// Playwright's .NET driver (shipped in its NuGet package).
/// </summary>
internal static class Chromium
{
    private static readonly string[] BaseArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private static readonly Lazy<BrowserChoice> Choice = new(() =>
        new BrowserLocator(Environment.GetEnvironmentVariable, File.Exists, InstallPlaywrightChromium).Locate());

    /// <summary>Launches the browser; <paramref name="extraArgs"/> are added to the fixed flags.</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] extraArgs)
    {
        BrowserChoice choice = Choice.Value;
        TestContext.Progress.WriteLine($"Browser tests: {choice.Description}");
        var options = new BrowserTypeLaunchOptions
        {
            ExecutablePath = choice.ExecutablePath,
            Headless = true,
            Args = [.. BaseArgs, .. extraArgs],
            Timeout = 60_000,
        };
        try
        {
            return await playwright.Chromium.LaunchAsync(options);
        }
        catch (PlaywrightException error) when (choice.ExecutablePath is null && error.Message.Contains("missing dependencies", StringComparison.Ordinal)
            && OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess)
        {
            // A bare image (the SDK's, a CI runner) lacks the libraries Playwright's Chromium links against. As root,
            // as there, Playwright installs them through apt; anywhere else its own message says what to run.
            InstallDependencies.Value.Wait();
            return await playwright.Chromium.LaunchAsync(options);
        }
    }

    /// <summary>Flags that give getUserMedia a fake camera playing <paramref name="y4mFile"/>, without a prompt.</summary>
    public static string[] FakeCameraArgs(string y4mFile) =>
    [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-video-capture={y4mFile}",
    ];

    /// <summary>Playwright's installer: quick when its Chromium is already there, else a download.</summary>
    private static int InstallPlaywrightChromium()
    {
        TestContext.Progress.WriteLine("Browser tests: no Chromium on this machine; running playwright install chromium");
        return Microsoft.Playwright.Program.Main(["install", "chromium"]);
    }

    private static readonly Lazy<Task> InstallDependencies = new(() => Task.Run(() =>
    {
        TestContext.Progress.WriteLine("Browser tests: Chromium's system libraries are missing; running playwright install-deps chromium");
        int exitCode = Microsoft.Playwright.Program.Main(["install-deps", "chromium"]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"Playwright's Chromium lacks system libraries and playwright install-deps chromium failed (exit code {exitCode}). " +
                "Install Debian's or Ubuntu's chromium instead (apt-get install chromium).");
        }
    }));
}
