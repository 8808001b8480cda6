using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
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
public sealed partial class IndexPageTests
{
    private static readonly string[] Moves = ["rock", "paper", "scissors"];

    /// <summary>The page's threshold (MIN_CONFIDENCE in view.js): below it a round is not scored.</summary>
    private const double MinConfidence = 0.6;

    /// <summary>Not the data set's 28: the page must learn the input size from the server.</summary>
    private const int ModelInputSize = 32;

    private readonly string modelDirectory = Path.Combine(Path.GetTempPath(), "rpsvision-web-tests", Guid.NewGuid().ToString("N"));
    private KestrelServingHost host = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    // What one test opened: closed after it, once a failing test's page is saved as a screenshot.
    private IPage? currentPage;
    private readonly List<IAsyncDisposable> openedByTest = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> requestedUrls = new();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var model = TestModels.CreateOnnxModel(modelDirectory, ModelInputSize, seed: 7);
        host = KestrelServingHost.Start(new Dictionary<string, string?> { ["Model:Path"] = model });
        await host.WaitUntilReadyAsync();
        playwright = await Playwright.CreateAsync();
        browser = await Chromium.LaunchAsync(playwright);
        SetDefaultExpectTimeout(15_000);
    }

    [TearDown]
    public async Task CloseTestBrowsingAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed
            && currentPage is { IsClosed: false })
        {
            await SaveScreenshotAsync(currentPage, "failure");
        }
        currentPage = null;
        foreach (var opened in Enumerable.Reverse(openedByTest))
        {
            await opened.DisposeAsync();
        }
        openedByTest.Clear();
        requestedUrls.Clear();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        if (host is not null) await host.DisposeAsync();
        if (Directory.Exists(modelDirectory)) Directory.Delete(modelDirectory, recursive: true);
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Classify_UploadedPhoto_ShowsTheLabelAndBarsThatPredictReturns()
    {
        var photo = Photo("paper");
        using var http = host.CreateHttpClient();
        var expected = await PredictAsync(http, await File.ReadAllBytesAsync(photo), "image/png");
        var page = await OpenAsync(browser);

        await page.Locator("#classify-file").SetInputFilesAsync(photo);

        await Expect(page.Locator("#classify-label")).ToHaveTextAsync(expected.Label);
        var bars = page.Locator("#classify-bars li");
        await Expect(bars).ToHaveCountAsync(3);
        var names = await bars.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.label)");
        var values = await bars.EvaluateAllAsync<double[]>("items => items.map(i => Number(i.dataset.probability))");
        Assert.That(names, Is.EqualTo(expected.Probabilities.Keys));
        Assert.That(values, Is.EqualTo(expected.Probabilities.Values).Within(1e-6));
        var shown = (await page.Locator("#classify-bars .bar-value").AllTextContentsAsync())
            .Select(text => double.Parse(text.TrimEnd('%'), CultureInfo.InvariantCulture))
            .ToList();
        Assert.That(shown.Sum(), Is.EqualTo(100.0).Within(0.3), string.Join(" + ", shown));
        await Expect(page.Locator("#classify-time")).ToHaveTextAsync(new Regex(@"^\d+ ms$"));
        Assert.That(await page.Locator("#classify-canvas").GetAttributeAsync("width"),
            Is.EqualTo(ModelInputSize.ToString(CultureInfo.InvariantCulture)), "the model's view is not at the model's input size");
        await SaveScreenshotAsync(page, "classify-result");
        // Works offline: nothing is fetched from anywhere but this host.
        Assert.That(requestedUrls, Is.Not.Empty);
        Assert.That(requestedUrls.Where(url => !url.StartsWith(host.BaseAddress.ToString(), StringComparison.Ordinal)
            && !url.StartsWith("blob:", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal)), Is.Empty);
    }

    [TestCase("notes.txt", "text/plain")]
    [TestCase("not-really.png", "image/png")]
    public async Task Classify_NonImageUpload_ShowsTheServersProblem(string fileName, string mimeType)
    {
        var bytes = "These are words, not pixels."u8.ToArray();
        using var http = host.CreateHttpClient();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mimeType);
        using var answer = await http.PostAsync("predict", content);
        Assert.That((int)answer.StatusCode, Is.InRange(400, 499));
        using var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var title = problem.RootElement.GetProperty("title").GetString()!;
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        var page = await OpenAsync(browser);

        await page.Locator("#classify-file").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = mimeType, Buffer = bytes });

        var error = page.GetByRole(AriaRole.Alert);
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync(title);
        await Expect(error).ToContainTextAsync(detail);
        await Expect(page.Locator("#classify-result")).ToBeHiddenAsync();
        await Expect(page.Locator("#classify-preview")).ToBeHiddenAsync();
        await ExpectNoAccessibilityViolationsAsync(page);
        await SaveScreenshotAsync(page, $"classify-error-{Path.GetExtension(fileName).TrimStart('.')}");
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Play_UnsureThenConfidentAnswer_ScoresOnlyTheConfidentRound()
    {
        var page = await OpenAsync(browser);
        var answers = new Queue<string>([
            PredictionJson("paper", 0.30, 0.45, 0.25),
            PredictionJson("paper", 0.05, 0.90, 0.05),
        ]);
        await page.RouteAsync("**/predict", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "application/json",
            Body = answers.Dequeue(),
        }));
        await page.GetByRole(AriaRole.Tab, new() { Name = "Play" }).ClickAsync();
        await page.Locator("#play-file").SetInputFilesAsync(Photo("paper"));
        var shoot = page.Locator("#shoot");
        await Expect(shoot).ToBeEnabledAsync();

        await shoot.ClickAsync();

        var result = page.Locator("#round-result");
        await Expect(result).ToHaveAttributeAsync("data-outcome", "unsure");
        await Expect(shoot).ToHaveTextAsync("Try again");
        await Expect(page.Locator("#computer-move")).ToHaveTextAsync("?");
        await ExpectScoreAsync(page, player: 0, draws: 0, computer: 0);
        await Expect(page.Locator("#round-status")).ToContainTextAsync("does not count");
        await ExpectNoAccessibilityViolationsAsync(page);
        await SaveScreenshotAsync(page, "play-unsure");

        await shoot.ClickAsync();

        await Expect(result).ToHaveAttributeAsync("data-outcome", new Regex("^(win|lose|draw)$"));
        await Expect(shoot).ToHaveTextAsync("Shoot!");
        await Expect(page.Locator("#player-move")).ToHaveTextAsync("paper");
        var computer = await page.Locator("#computer-move").TextContentAsync();
        Assert.That(Moves, Does.Contain(computer));
        var expected = Judge("paper", computer!);
        await Expect(result).ToHaveAttributeAsync("data-outcome", expected);
        await ExpectScoreAsync(page, player: expected == "win" ? 1 : 0, draws: expected == "draw" ? 1 : 0, computer: expected == "lose" ? 1 : 0);
        await Expect(page.Locator("#history li")).ToHaveCountAsync(1);
        await SaveScreenshotAsync(page, "play-scored");
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Play_FakeCameraRound_SendsTheCameraFrameAndShowsBothMoves()
    {
        var photo = Photo("scissors");
        var page = await OpenWithFakeCameraAsync(photo);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Play" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Expect(page.Locator("#play-video")).ToBeVisibleAsync();
        var shoot = page.Locator("#shoot");
        await Expect(shoot).ToBeEnabledAsync();
        await SaveScreenshotAsync(page, "play-camera");

        var posted = await InterceptPredictAsync(page);

        await shoot.ClickAsync();

        await Expect(page.Locator("#countdown")).ToHaveTextAsync(new Regex("^(Rock…|Paper…|Scissors…|Shoot!)$"));
        await SaveScreenshotAsync(page, "play-countdown");
        var frame = await SentCameraFrameAsync(posted, photo);
        using var http = host.CreateHttpClient();
        var expected = await PredictAsync(http, frame, "image/png");
        var result = page.Locator("#round-result");
        await Expect(result).ToBeVisibleAsync();
        await Expect(page.Locator("#player-move")).ToHaveTextAsync(expected.Label);
        await SaveScreenshotAsync(page, "play-camera-round");
        if (expected.Probabilities[expected.Label] < MinConfidence)
        {
            await Expect(result).ToHaveAttributeAsync("data-outcome", "unsure");
            await Expect(page.Locator("#computer-move")).ToHaveTextAsync("?");
            await ExpectScoreAsync(page, player: 0, draws: 0, computer: 0);
            await Expect(shoot).ToHaveTextAsync("Try again");
        }
        else
        {
            var computer = await page.Locator("#computer-move").TextContentAsync();
            Assert.That(Moves, Does.Contain(computer));
            var outcome = await result.GetAttributeAsync("data-outcome");
            Assert.That(outcome, Is.EqualTo(Judge(expected.Label, computer!)));
            await ExpectScoreAsync(page, player: outcome == "win" ? 1 : 0, draws: outcome == "draw" ? 1 : 0, computer: outcome == "lose" ? 1 : 0);
        }
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Classify_FakeCameraPhoto_ShowsWhatPredictAnswersForTheFrame()
    {
        var photo = Photo("rock");
        var page = await OpenWithFakeCameraAsync(photo);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use camera" }).ClickAsync();
        await Expect(page.Locator("#classify-video")).ToBeVisibleAsync();
        var posted = await InterceptPredictAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Take photo" }).ClickAsync();

        var frame = await SentCameraFrameAsync(posted, photo);
        using var http = host.CreateHttpClient();
        var expected = await PredictAsync(http, frame, "image/png");
        await Expect(page.Locator("#classify-label")).ToHaveTextAsync(expected.Label);
        await Expect(page.Locator("#classify-bars li")).ToHaveCountAsync(3);
        await Expect(page.Locator("#classify-preview")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, "classify-camera");
    }

    [Test]
    public async Task Tabs_ArrowKeys_MoveBetweenModes()
    {
        var page = await OpenAsync(browser);
        await SaveScreenshotAsync(page, "start");
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

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Page_PhoneWidth_FitsWithoutSideways()
    {
        var page = await OpenAsync(browser, new ViewportSize { Width = 390, Height = 844 });
        await page.RouteAsync("**/predict", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "application/json", Body = PredictionJson("rock", 0.81, 0.12, 0.07),
        }));

        await page.Locator("#classify-file").SetInputFilesAsync(Photo("rock"));

        await Expect(page.Locator("#classify-label")).ToHaveTextAsync("rock");
        await SaveScreenshotAsync(page, "phone-classify");
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(390));

        await page.GetByRole(AriaRole.Tab, new() { Name = "Play" }).ClickAsync();
        await page.Locator("#play-file").SetInputFilesAsync(Photo("rock"));
        await page.Locator("#shoot").ClickAsync();
        await Expect(page.Locator("#round-result")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, "phone-play");
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(390));
    }

    [Category(TestCategories.SharedData)]
    [TestCase("light")]
    [TestCase("dark")]
    public async Task Page_WithResultsShown_HasNoAccessibilityViolations(string scheme)
    {
        var page = await OpenAsync(browser, colorScheme: scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light);
        await page.RouteAsync("**/predict", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "application/json", Body = PredictionJson("rock", 0.81, 0.12, 0.07),
        }));
        await page.Locator("#classify-file").SetInputFilesAsync(Photo("rock"));
        await Expect(page.Locator("#classify-label")).ToHaveTextAsync("rock");
        await SaveScreenshotAsync(page, $"classify-{scheme}");
        await ExpectNoAccessibilityViolationsAsync(page);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Play" }).ClickAsync();
        await page.Locator("#play-file").SetInputFilesAsync(Photo("rock"));
        await page.Locator("#shoot").ClickAsync();
        await Expect(page.Locator("#round-result")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, $"play-{scheme}");
        await ExpectNoAccessibilityViolationsAsync(page);
    }

    private async Task<IPage> OpenAsync(
        IBrowser on, ViewportSize? viewport = null, ColorScheme colorScheme = ColorScheme.Light, Uri? site = null)
    {
        var context = await on.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (site ?? host.BaseAddress).ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1100, Height = 800 },
            ColorScheme = colorScheme,
        });
        openedByTest.Add(context);
        context.Request += (_, request) => requestedUrls.Enqueue(request.Url);
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        currentPage = page;
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "RpsVision", Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>A page in a browser of its own whose fake camera shows <paramref name="picture"/>.</summary>
    private async Task<IPage> OpenWithFakeCameraAsync(string picture, Uri? site = null)
    {
        var video = FakeCamera.VideoFrom(picture, Path.Combine(TestContext.CurrentContext.WorkDirectory, "fake-camera"));
        var cameraBrowser = await Chromium.LaunchAsync(playwright, Chromium.FakeCameraArgs(video));
        openedByTest.Add(cameraBrowser);
        return await OpenAsync(cameraBrowser, site: site);
    }

    /// <summary>
    /// The next POST /predict, passed on unchanged. Routed because chromium shows a blob body only to an interceptor.
    /// </summary>
    private static async Task<Task<IRequest>> InterceptPredictAsync(IPage page)
    {
        var posted = new TaskCompletionSource<IRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/predict", async route =>
        {
            posted.TrySetResult(route.Request);
            await route.ContinueAsync();
        });
        return posted.Task;
    }

    /// <summary>The body of the intercepted request, checked to be a PNG of the fake camera's picture.</summary>
    private static async Task<byte[]> SentCameraFrameAsync(Task<IRequest> posted, string picture)
    {
        var request = await posted.WaitAsync(TimeSpan.FromSeconds(15));
        var frame = request.PostDataBuffer ?? throw new AssertionException("The page posted no body.");
        Assert.That(request.Headers["content-type"], Is.EqualTo("image/png"));
        using var sent = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(frame);
        using var shown = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(picture);
        Assert.That((sent.Width, sent.Height), Is.EqualTo((shown.Width, shown.Height)));
        // The camera's YUV 4:2:0 round trip blurs colour a little; another picture differs by far more.
        Assert.That(MeanAbsoluteDifference(sent, shown), Is.LessThan(12.0), "the frame sent is not the camera's picture");
        return frame;
    }

    /// <summary>axe-core's checks of what a program can judge: contrast, names and labels, ARIA roles and states.</summary>
    private static async Task ExpectNoAccessibilityViolationsAsync(IPage page)
    {
        var results = await page.RunAxe();
        Assert.That(results.Passes, Is.Not.Empty, "axe-core did not run");
        var violations = results.Violations
            .Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))})");
        Assert.That(violations, Is.Empty);
    }

    /// <summary>The first real photo (by name) of a class, from shared/data/photos.</summary>
    private static string Photo(string label) =>
        SharedData.Images(SharedData.Photos, perClass: 1)[Array.IndexOf(Moves, label)];

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

    private static string Judge(string player, string computer) =>
        player == computer ? "draw"
        : (player, computer) is ("rock", "scissors") or ("paper", "rock") or ("scissors", "paper") ? "win"
        : "lose";

    private sealed record PredictAnswer(string Label, IReadOnlyDictionary<string, double> Probabilities);

    /// <summary>What POST /predict answers for these bytes, read as the page reads it.</summary>
    private static async Task<PredictAnswer> PredictAsync(HttpClient http, byte[] image, string mimeType)
    {
        using var content = new ByteArrayContent(image);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mimeType);
        using var answer = await http.PostAsync("predict", content);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        var probabilities = json.RootElement.GetProperty("probabilities").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetDouble());
        return new PredictAnswer(json.RootElement.GetProperty("label").GetString()!, probabilities);
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
