namespace RpsVision.Tests.Web;

[TestFixture]
public sealed class BrowserLocatorTests
{
    private const string Path = "/home/me/bin:/usr/local/bin:/usr/bin";

    [Test]
    public void Locate_VariableNamesAFile_TakesItBeforeAnyBrowserOnTheMachine()
    {
        var fake = new FakeMachine("/opt/chrome/chrome", "/usr/bin/chromium") { [BrowserLocator.EnvironmentVariable] = "/opt/chrome/chrome" };

        BrowserChoice choice = fake.Locator().Locate();

        Assert.That(choice.ExecutablePath, Is.EqualTo("/opt/chrome/chrome"));
        Assert.That(fake.Installs, Is.Zero);
    }

    [Test]
    public void Locate_VariableNamesNoFile_ThrowsNamingTheVariableAndValue()
    {
        var fake = new FakeMachine("/usr/bin/chromium") { [BrowserLocator.EnvironmentVariable] = "/nowhere/chrome" };

        var error = Assert.Throws<InvalidOperationException>(() => fake.Locator().Locate());

        Assert.That(error!.Message, Does.Contain(BrowserLocator.EnvironmentVariable).And.Contain("'/nowhere/chrome'"));
        Assert.That(fake.Installs, Is.Zero);
    }

    [Test]
    public void Locate_ChromeOnPathAndChromiumAtUsualPath_TakesTheOneOnPathFirst()
    {
        var fake = new FakeMachine("/usr/local/bin/google-chrome", "/usr/bin/chromium-browser") { ["PATH"] = "/home/me/bin:/usr/local/bin" };

        Assert.That(fake.Locator().Locate().ExecutablePath, Is.EqualTo("/usr/local/bin/google-chrome"));
    }

    [Test]
    public void Locate_NothingOnPathButAUsualPath_TakesTheUsualPath()
    {
        var fake = new FakeMachine("/opt/google/chrome/chrome") { ["PATH"] = Path };

        Assert.That(fake.Locator().Locate().ExecutablePath, Is.EqualTo("/opt/google/chrome/chrome"));
        Assert.That(fake.Installs, Is.Zero);
    }

    [Test]
    public void Locate_NoBrowserOnTheMachine_InstallsPlaywrightsChromiumAndLaunchesThat()
    {
        var fake = new FakeMachine { ["PATH"] = Path, InstallExitCode = 0 };

        BrowserChoice choice = fake.Locator().Locate();

        Assert.That(fake.Installs, Is.EqualTo(1));
        Assert.That(choice.ExecutablePath, Is.Null, "null: Playwright launches the Chromium it installed");
    }

    [Test]
    public void Locate_NoBrowserAndTheInstallerFails_ThrowsOneMessageThatSaysWhatToInstall()
    {
        var fake = new FakeMachine { ["PATH"] = Path, InstallExitCode = 1 };

        var error = Assert.Throws<InvalidOperationException>(() => fake.Locator().Locate());

        Assert.That(fake.Installs, Is.EqualTo(1));
        Assert.That(error!.Message, Does.Contain("apt-get install chromium")
            .And.Contain("playwright.ps1 install --with-deps chromium")
            .And.Contain(BrowserLocator.EnvironmentVariable)
            .And.Contain("exit code 1"));
    }

    /// <summary>Environment variables, files and an installer, all made up.</summary>
    private sealed class FakeMachine(params string[] files)
    {
        private readonly Dictionary<string, string> _variables = new();
        private readonly HashSet<string> _files = [.. files];

        public string this[string variable] { set => _variables[variable] = value; }

        public int InstallExitCode { get; init; } = 1;

        public int Installs { get; private set; }

        public BrowserLocator Locator() => new(
            name => _variables.GetValueOrDefault(name),
            _files.Contains,
            () => { Installs++; return InstallExitCode; });
    }
}
