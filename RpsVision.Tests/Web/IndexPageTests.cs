using System.Globalization;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RpsVision.Tests.Web;

/// <summary>
/// The page at / (RpsVision.Serving/wwwroot) in a real headless chromium against a real Kestrel host.
/// Screenshots of each state land in the test's work directory under screenshots/ and as test attachments.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class IndexPageTests
{
    private static readonly string[] Moves = ["rock", "paper", "scissors"];

    private KestrelServingHost host = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        host = KestrelServingHost.Start(new Dictionary<string, string?>());
        playwright = await Playwright.CreateAsync();
        browser = await SystemChromium.LaunchAsync(playwright);
        SetDefaultExpectTimeout(15_000);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        if (host is not null) await host.DisposeAsync();
    }

    [Test]
    public async Task Play_UnsureThenConfidentAnswer_ScoresOnlyTheConfidentRound()
    {
        var page = await OpenAsync(browser);
        var answers = new Queue<string>([
            PredictionJson("paper", 0.40, 0.35, 0.25),
            PredictionJson("paper", 0.05, 0.90, 0.05),
        ]);
        await page.RouteAsync("**/predict", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "application/json",
            Body = answers.Dequeue(),
        }));
        await page.GetByRole(AriaRole.Tab, new() { Name = "Play" }).ClickAsync();
        await page.Locator("#play-file").SetInputFilesAsync(TestPhotos.One("paper"));
        var shoot = page.Locator("#shoot");
        await Expect(shoot).ToBeEnabledAsync();

        await shoot.ClickAsync();

        var result = page.Locator("#round-result");
        await Expect(result).ToHaveAttributeAsync("data-outcome", "unsure");
        await Expect(shoot).ToHaveTextAsync("Try again");
        await Expect(page.Locator("#computer-move")).ToHaveTextAsync("?");
        await ExpectScoreAsync(page, player: 0, draws: 0, computer: 0);
        await Expect(page.Locator("#round-status")).ToContainTextAsync("does not count");
        await SaveScreenshotAsync(page, "play-unsure");

        await shoot.ClickAsync();

        await Expect(result).ToHaveAttributeAsync("data-outcome", new System.Text.RegularExpressions.Regex("^(win|lose|draw)$"));
        await Expect(shoot).ToHaveTextAsync("Shoot!");
        await Expect(page.Locator("#player-move")).ToHaveTextAsync("paper");
        var computer = await page.Locator("#computer-move").TextContentAsync();
        Assert.That(Moves, Does.Contain(computer));
        var expected = computer switch { "rock" => "win", "paper" => "draw", _ => "lose" };
        await Expect(result).ToHaveAttributeAsync("data-outcome", expected);
        await ExpectScoreAsync(page, player: expected == "win" ? 1 : 0, draws: expected == "draw" ? 1 : 0, computer: expected == "lose" ? 1 : 0);
        await Expect(page.Locator("#history li")).ToHaveCountAsync(1);
        await SaveScreenshotAsync(page, "play-scored");
    }

    [Test]
    public async Task Play_FakeCameraRound_SendsTheCameraFrameAndShowsBothMoves()
    {
        var photo = TestPhotos.One("scissors");
        var video = FakeCamera.VideoFrom(photo, Path.Combine(TestContext.CurrentContext.WorkDirectory, "fake-camera"));
        await using var cameraBrowser = await SystemChromium.LaunchAsync(playwright, SystemChromium.FakeCameraArgs(video));
        var page = await OpenAsync(cameraBrowser);
        await page.RouteAsync("**/predict", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "application/json", Body = PredictionJson("scissors", 0.1, 0.1, 0.8),
        }));
        await page.GetByRole(AriaRole.Tab, new() { Name = "Play" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Expect(page.Locator("#play-video")).ToBeVisibleAsync();
        var shoot = page.Locator("#shoot");
        await Expect(shoot).ToBeEnabledAsync();
        await SaveScreenshotAsync(page, "play-camera");

        var request = await page.RunAndWaitForRequestAsync(() => shoot.ClickAsync(), "**/predict");

        var frame = request.PostDataBuffer ?? throw new AssertionException("The round posted no body.");
        Assert.That(request.Headers["content-type"], Is.EqualTo("image/png"));
        using (var sent = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(frame))
        using (var shown = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(photo))
        {
            Assert.That((sent.Width, sent.Height), Is.EqualTo((shown.Width, shown.Height)));
            Assert.That(MeanAbsoluteDifference(sent, shown), Is.LessThan(12.0), "the frame sent is not the camera's picture");
        }
        var result = page.Locator("#round-result");
        await Expect(result).ToBeVisibleAsync();
        await Expect(page.Locator("#player-move")).ToHaveTextAsync("scissors");
        Assert.That(Moves, Does.Contain(await page.Locator("#computer-move").TextContentAsync()));
        await SaveScreenshotAsync(page, "play-camera-round");
    }

    [Test]
    public async Task Tabs_ArrowKeys_MoveBetweenModes()
    {
        var page = await OpenAsync(browser);
        var classifyTab = page.GetByRole(AriaRole.Tab, new() { Name = "Classify" });
        var playTab = page.GetByRole(AriaRole.Tab, new() { Name = "Play" });
        await classifyTab.FocusAsync();

        await page.Keyboard.PressAsync("ArrowRight");

        await Expect(playTab).ToBeFocusedAsync();
        await Expect(playTab).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Locator("#panel-play")).ToBeVisibleAsync();
        await Expect(page.Locator("#panel-classify")).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("ArrowLeft");

        await Expect(classifyTab).ToBeFocusedAsync();
        await Expect(page.Locator("#panel-classify")).ToBeVisibleAsync();
    }

    [Test]
    public async Task Page_PhoneWidth_FitsWithoutSideways()
    {
        var page = await OpenAsync(browser, new ViewportSize { Width = 390, Height = 844 });
        await page.RouteAsync("**/predict", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "application/json", Body = PredictionJson("rock", 0.81, 0.12, 0.07),
        }));

        await page.Locator("#classify-file").SetInputFilesAsync(TestPhotos.One("rock"));

        await Expect(page.Locator("#classify-label")).ToHaveTextAsync("rock");
        await SaveScreenshotAsync(page, "phone-classify");
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(390));

        await page.GetByRole(AriaRole.Tab, new() { Name = "Play" }).ClickAsync();
        await page.Locator("#play-file").SetInputFilesAsync(TestPhotos.One("rock"));
        await page.Locator("#shoot").ClickAsync();
        await Expect(page.Locator("#round-result")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, "phone-play");
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(390));
    }

    [TestCase("light")]
    [TestCase("dark")]
    public async Task Page_WithResultsShown_HasNoAccessibilityViolations(string scheme)
    {
        var page = await OpenAsync(browser, colorScheme: scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light);
        await page.RouteAsync("**/predict", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "application/json", Body = PredictionJson("rock", 0.81, 0.12, 0.07),
        }));
        await page.Locator("#classify-file").SetInputFilesAsync(TestPhotos.One("rock"));
        await Expect(page.Locator("#classify-label")).ToHaveTextAsync("rock");
        await SaveScreenshotAsync(page, $"classify-{scheme}");
        var classify = await page.RunAxe();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Play" }).ClickAsync();
        await page.Locator("#play-file").SetInputFilesAsync(TestPhotos.One("rock"));
        await page.Locator("#shoot").ClickAsync();
        await Expect(page.Locator("#round-result")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, $"play-{scheme}");
        var play = await page.RunAxe();

        // axe-core checks what a program can: contrast, names and labels, ARIA roles and states.
        var violations = classify.Violations.Concat(play.Violations)
            .Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))})")
            .ToList();
        Assert.That(classify.Passes, Is.Not.Empty, "axe-core did not run");
        Assert.That(violations, Is.Empty);
    }

    private async Task<IPage> OpenAsync(IBrowser on, ViewportSize? viewport = null, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await on.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1100, Height = 800 },
            ColorScheme = colorScheme,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "RpsVision", Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    private static async Task ExpectScoreAsync(IPage page, int player, int draws, int computer)
    {
        await Expect(page.Locator("#score-player")).ToHaveTextAsync(player.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("#score-draws")).ToHaveTextAsync(draws.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("#score-computer")).ToHaveTextAsync(computer.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Mean absolute difference of the RGB values of two pictures of the same size, on a 0-255 scale.</summary>
    private static double MeanAbsoluteDifference(
        SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24> a,
        SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24> b)
    {
        long total = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                var (p, q) = (a[x, y], b[x, y]);
                total += Math.Abs(p.R - q.R) + Math.Abs(p.G - q.G) + Math.Abs(p.B - q.B);
            }
        }
        return total / (3.0 * a.Width * a.Height);
    }

    private static string PredictionJson(string label, double rock, double paper, double scissors) =>
        JsonSerializer.Serialize(new
        {
            label,
            index = Array.IndexOf(Moves, label),
            probabilities = new { rock, paper, scissors },
            model = new { name = "fake", version = "0" },
        });

    private static async Task SaveScreenshotAsync(IPage page, string state)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{state}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, state);
    }
}
