namespace RpsVision.Tests.Web;

/// <summary>Which Chromium the browser tests drive: a file to launch, or (null) the one Playwright installed itself.</summary>
internal sealed record BrowserChoice(string? ExecutablePath, string Description);

/// <summary>
/// Finds a Chromium the way users of Playwright expect, in this order: the executable named by
/// <see cref="EnvironmentVariable"/>; a Chromium or Chrome already on the machine (the usual names on PATH, then the
/// usual paths); else Playwright's own Chromium, installed through its installer. Only when all of these fail does it
/// throw, with one message that says what to install.
/// </summary>
internal sealed class BrowserLocator
{
    /// <summary>Set it to a Chromium or Chrome executable to use that one; an unusable value is an error, never skipped.</summary>
    public const string EnvironmentVariable = "RPSVISION_CHROMIUM";

    /// <summary>Executable names of Chromium and Chrome on Linux distributions, looked for on PATH in this order.</summary>
    public static readonly IReadOnlyList<string> KnownNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>Where packages put them when PATH lacks their folder (Debian, Ubuntu, Google's package, Snap, macOS).</summary>
    public static readonly IReadOnlyList<string> KnownPaths =
    [
        "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable",
        "/opt/google/chrome/chrome", "/snap/bin/chromium",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", "/Applications/Chromium.app/Contents/MacOS/Chromium",
    ];

    private readonly Func<string, string?> _environment;
    private readonly Func<string, bool> _fileExists;
    private readonly Func<int> _installPlaywrightChromium;

    /// <param name="environment">Reads an environment variable (PATH and <see cref="EnvironmentVariable"/>).</param>
    /// <param name="fileExists">Whether a file exists.</param>
    /// <param name="installPlaywrightChromium">Runs Playwright's installer for its Chromium; returns its exit code.</param>
    public BrowserLocator(Func<string, string?> environment, Func<string, bool> fileExists, Func<int> installPlaywrightChromium)
    {
        _environment = environment;
        _fileExists = fileExists;
        _installPlaywrightChromium = installPlaywrightChromium;
    }

    /// <summary>The first usable browser in the documented order; throws <see cref="InvalidOperationException"/> when none is.</summary>
    public BrowserChoice Locate()
    {
        string? configured = _environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return _fileExists(configured)
                ? new BrowserChoice(configured, $"{configured} (from {EnvironmentVariable})")
                : throw new InvalidOperationException(
                    $"{EnvironmentVariable} is set to '{configured}', which is not a file. Point it at a Chromium or Chrome " +
                    "executable, or unset it to use the browser found on this machine or Playwright's own Chromium.");
        }
        string? onMachine = FindOnPath() ?? KnownPaths.FirstOrDefault(_fileExists);
        if (onMachine is not null)
        {
            return new BrowserChoice(onMachine, onMachine);
        }
        int exitCode = _installPlaywrightChromium();
        if (exitCode == 0)
        {
            return new BrowserChoice(null, "Playwright's own Chromium");
        }
        throw new InvalidOperationException(
            $"No browser for the browser tests: {EnvironmentVariable} is not set, no {string.Join(", ", KnownNames)} is on PATH " +
            $"or at {string.Join(", ", KnownPaths.Take(4))}, and Playwright's installer could not install its Chromium " +
            $"(exit code {exitCode}; it needs access to Playwright's download servers). Install one: " +
            "Debian's or Ubuntu's chromium (apt-get install chromium), or Playwright's Chromium with network access " +
            "(pwsh RpsVision.Tests/bin/Debug/net10.0/playwright.ps1 install --with-deps chromium), or set " +
            $"{EnvironmentVariable} to a Chromium or Chrome executable.");
    }

    private string? FindOnPath() =>
        (_environment("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(folder => KnownNames.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(_fileExists);
}
