using System.Text.Json;
using Microsoft.Playwright;
using RpsVision.Core.Export;
using RpsVision.Core.Preprocessing;
using RpsVision.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static Microsoft.Playwright.Assertions;

namespace RpsVision.Tests.Web;

/// <summary>
/// What the page shows of the model beside an answer: its view drawn with the server's fit, its score on real photos
/// (from GET /model), and that a real photo through the camera gets the server's answer for it.
/// </summary>
public sealed partial class IndexPageTests
{
    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Classify_ServedModelMeasuredOnRealPhotos_ShowsItsScoreAndLinksToTeach()
    {
        // A host of its own, serving a copy of the test model whose metadata holds a real-photo score.
        var scored = TestModels.CreateOnnxModel(Path.Combine(modelDirectory, "scored"), ModelInputSize, seed: 7);
        OnnxExporter.WriteMetadata(scored, TestModels.Metadata(ModelInputSize) with { RealPhotoAccuracy = 0.35, RealPhotoSet = "photos-dev" });
        await using var scoredHost = KestrelServingHost.Start(new Dictionary<string, string?> { ["Model:Path"] = scored });
        await scoredHost.WaitUntilReadyAsync();
        var page = await OpenAsync(browser, site: scoredHost.BaseAddress);

        await page.Locator("#classify-file").SetInputFilesAsync(Photo("rock"));

        var honesty = page.Locator("#classify-honesty");
        await Expect(honesty).ToHaveTextAsync("This model scores 35.0% on real photos (photos-dev) — teach it your hand");
        await ExpectNoAccessibilityViolationsAsync(page);
        await SaveScreenshotAsync(page, "classify-real-photo-score");

        await honesty.GetByRole(AriaRole.Link, new() { Name = "teach it your hand" }).ClickAsync();

        var teachTab = page.GetByRole(AriaRole.Tab, new() { Name = "Teach" });
        await Expect(teachTab).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(teachTab).ToBeFocusedAsync();
        await Expect(page.Locator("#panel-teach")).ToBeVisibleAsync();
        await Expect(page.Locator("#panel-classify")).ToBeHiddenAsync();
        Assert.That(new Uri(page.Url).Fragment, Is.EqualTo("#teach"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Classify_ServedModelMadeByTeach_SaysWhichVersionAnswersAndHowManyPhotosTaughtIt()
    {
        var taught = TestModels.CreateOnnxModel(Path.Combine(modelDirectory, "taught"), ModelInputSize, seed: 7);
        OnnxExporter.WriteMetadata(taught, TestModels.Metadata(ModelInputSize) with
        {
            ModelVersion = "20261205190000", ParentRunId = "20261205180000", ParentVersion = "20261205180000", TaughtPhotos = 30,
            RealPhotoAccuracy = 0.98, RealPhotoSet = "rest",
        });
        await using var taughtHost = KestrelServingHost.Start(new Dictionary<string, string?> { ["Model:Path"] = taught });
        await taughtHost.WaitUntilReadyAsync();
        var page = await OpenAsync(browser, site: taughtHost.BaseAddress);

        await page.Locator("#classify-file").SetInputFilesAsync(Photo("rock"));

        await Expect(page.Locator("#classify-honesty")).ToHaveTextAsync(
            "Version 20261205190000, taught with 30 photos on top of version 20261205180000. This model scores 98.0% on real photos (rest) — teach it your hand");
        await Expect(page.Locator("#teach-command")).ToHaveTextAsync("dotnet run --project RpsVision.Training -- teach my-hand");
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Play_ServedModelWithoutRealPhotoScore_SaysItWasNotMeasured()
    {
        // The test model's metadata has no real-photo score: GET /model answers null, and the page says so.
        using var http = host.CreateHttpClient();
        using var model = JsonDocument.Parse(await http.GetStringAsync("model"));
        Assert.That(model.RootElement.GetProperty("real_photo_accuracy").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var page = await OpenAsync(browser);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Play" }).ClickAsync();
        await page.Locator("#play-file").SetInputFilesAsync(Photo("paper"));

        await page.Locator("#shoot").ClickAsync();

        await Expect(page.Locator("#play-honesty"))
            .ToHaveTextAsync("This model has not been measured on real photos — teach it your hand");
        Assert.That(requestedUrls, Does.Contain(new Uri(host.BaseAddress, "model").ToString()));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Classify_ModelRouteFails_ShowsTheAnswerWithoutAScoreLine()
    {
        var page = await OpenAsync(browser);
        await FulfillPredictAsync(page, PredictionJson("paper", 0.1, 0.8, 0.1));
        await page.RouteAsync("**/model", route => route.FulfillAsync(new RouteFulfillOptions { Status = 503 }));

        await page.Locator("#classify-file").SetInputFilesAsync(Photo("paper"));

        await Expect(page.Locator("#classify-label")).ToHaveTextAsync("paper");
        await Expect(page.Locator("#classify-honesty")).ToBeHiddenAsync();
    }

    /// <summary>
    /// A 300x100 picture of three upright stripes (red, green, blue) crossed by a white band over its middle half,
    /// drawn at 30x30. Stretched: the band covers rows 7.5 to 22.5 and the stripes all columns. Padded: the picture
    /// fills rows 10 to 20 (the band 12.5 to 17.5), and the rows above and below repeat its top and bottom rows.
    /// Cropped: only the green centre is left, band and all.
    /// </summary>
    [TestCase("stretch", "red", "blue", "white", "red", "stretched to 30 × 30")]
    [TestCase("pad", "red", "blue", "red", "red", "the edges repeated")]
    [TestCase("crop", "green", "green", "white", "green", "the centre square")]
    [TestCase(null, "red", "blue", "white", "red", "stretched to 30 × 30")]
    public async Task Classify_ServersFit_DrawsTheModelViewWithIt(
        string? fit, string topLeft, string topRight, string upperLeft, string bottomLeft, string caption)
    {
        var page = await OpenAsync(browser);
        await FulfillPredictAsync(page, JsonSerializer.Serialize(new
        {
            label = "rock",
            index = 0,
            probabilities = new { rock = 0.8, paper = 0.1, scissors = 0.1 },
            model = fit is null
                ? (object)new { name = "fake", version = "0", input_size = 30 }
                : new { name = "fake", version = "0", input_size = 30, fit },
        }));

        await page.Locator("#classify-file").SetInputFilesAsync(new FilePayload
        {
            Name = "stripes.png", MimeType = "image/png", Buffer = StripesWithABand(300, 100),
        });

        await Expect(page.Locator("#classify-canvas")).ToHaveAttributeAsync("data-fit", fit ?? "stretch");
        await Expect(page.Locator("#classify-canvas-caption")).ToContainTextAsync(caption);
        Assert.That(await CanvasColourAsync(page, 3, 2), Is.EqualTo(topLeft), "top left");
        Assert.That(await CanvasColourAsync(page, 26, 2), Is.EqualTo(topRight), "top right");
        Assert.That(await CanvasColourAsync(page, 3, 10), Is.EqualTo(upperLeft), "row 10, left");
        Assert.That(await CanvasColourAsync(page, 3, 27), Is.EqualTo(bottomLeft), "bottom left");
    }

    /// <summary>
    /// A host per fit, serving the test model with that fit in its metadata: the page's view of a non-square picture
    /// is what Core's preprocessing feeds that model (within the browser's and ImageSharp's resampling differences),
    /// and far from what the other two fits would feed it.
    /// </summary>
    [TestCase(SquareFit.Stretch)]
    [TestCase(SquareFit.Pad)]
    [TestCase(SquareFit.Crop)]
    public async Task Classify_ServedModelsFit_DrawsWhatThePreprocessingFeedsTheModel(SquareFit fit)
    {
        var metadata = TestModels.Metadata(ModelInputSize);
        var model = TestModels.CreateOnnxModel(Path.Combine(modelDirectory, $"fit-{fit}"), ModelInputSize, seed: 7);
        OnnxExporter.WriteMetadata(model, metadata with { Preprocessing = metadata.Preprocessing with { Fit = fit } });
        await using var fitHost = KestrelServingHost.Start(new Dictionary<string, string?> { ["Model:Path"] = model });
        await fitHost.WaitUntilReadyAsync();
        var page = await OpenAsync(browser, site: fitHost.BaseAddress);
        var picture = StripesWithABand(300, 120);

        await page.Locator("#classify-file").SetInputFilesAsync(new FilePayload
        {
            Name = "stripes.png", MimeType = "image/png", Buffer = picture,
        });

        await Expect(page.Locator("#classify-canvas")).ToHaveAttributeAsync("data-fit", fit.ToString().ToLowerInvariant());
        var drawn = await page.EvaluateAsync<int[]>(
            "() => { const c = document.getElementById('classify-canvas'); return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data); }");
        var difference = Enum.GetValues<SquareFit>().ToDictionary(f => f, f => MeanAbsoluteDifference(drawn,
            ImagePreprocessor.DecodeResized(picture, metadata.Preprocessing with { Fit = f }, new ImageLimits())));
        var shown = string.Join(", ", difference.Select(d => $"{d.Key} {d.Value:F1}"));
        Assert.That(difference[fit], Is.LessThan(10.0), shown);
        Assert.That(difference.Where(d => d.Key != fit).Select(d => d.Value), Is.All.GreaterThan(3 * difference[fit]), shown);
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Classify_FakeCameraShowingAPhotosDevPhoto_ShowsTheLabelPredictAnswersForThePhoto()
    {
        using var http = host.CreateHttpClient();

        await TakeACameraPhotoAndExpectItsLabelAsync(http, SharedData.PhotosDev, host.BaseAddress, "classify-camera-photos-dev");
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Classify_FakeCameraPhotoServedByAResNet18_ShowsTheLabelItAnswers()
    {
        string model = TestModels.CreateResNet18OnnxModel(modelDirectory, inputSize: 32, seed: 3);
        await using var resnetHost = KestrelServingHost.Start(new Dictionary<string, string?> { ["Model:Path"] = model });
        await resnetHost.WaitUntilReadyAsync();
        using var http = resnetHost.CreateHttpClient();

        await TakeACameraPhotoAndExpectItsLabelAsync(http, SharedData.Photos, resnetHost.BaseAddress, "classify-camera-resnet18");
    }

    /// <summary>
    /// Shows a clearly classified photo of <paramref name="folder"/> to the page's camera on <paramref name="site"/>,
    /// takes a photo, and checks that the page shows the label and bars that /predict answers for the frame it sent.
    /// </summary>
    private async Task TakeACameraPhotoAndExpectItsLabelAsync(HttpClient http, string folder, Uri site, string screenshot)
    {
        var (photo, expected) = await ClearlyClassifiedPhotoAsync(http, folder);
        var page = await OpenWithFakeCameraAsync(photo, site);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use camera" }).ClickAsync();
        await Expect(page.Locator("#classify-video")).ToBeVisibleAsync();
        var posted = await InterceptPredictAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Take photo" }).ClickAsync();

        var frame = await SentCameraFrameAsync(posted, photo);
        var forFrame = await PredictAsync(http, frame, "image/png");
        Assert.That(forFrame.Label, Is.EqualTo(expected.Label), "the camera's frame got another answer than the photo");
        await Expect(page.Locator("#classify-label")).ToHaveTextAsync(expected.Label);
        var shown = await page.Locator("#classify-bars li").EvaluateAllAsync<double[]>("items => items.map(i => Number(i.dataset.probability))");
        Assert.That(shown, Is.EqualTo(forFrame.Probabilities.Values).Within(1e-6));
        await SaveScreenshotAsync(page, screenshot);
    }

    /// <summary>
    /// The first photo (by name, class after class) whose answer leads the runner-up by 0.05 or more, so that the
    /// camera's YUV round trip cannot tip it over to another label (it moved the test model's probabilities by
    /// about 0.00001).
    /// </summary>
    private static async Task<(string Photo, PredictAnswer Answer)> ClearlyClassifiedPhotoAsync(HttpClient http, string folder)
    {
        foreach (var photo in SharedData.Images(folder, perClass: 5))
        {
            var answer = await PredictAsync(http, await File.ReadAllBytesAsync(photo), "image/png");
            var top = answer.Probabilities.Values.OrderDescending().ToArray();
            if (top[0] - top[1] >= 0.05) return (photo, answer);
        }
        throw new AssertionException($"No photo among the first 5 per class of {folder} has a clear answer from the test model.");
    }

    private static Task FulfillPredictAsync(IPage page, string json) =>
        page.RouteAsync("**/predict", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "application/json", Body = json,
        }));

    private static byte[] StripesWithABand(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height);
        Rgb24[] colours = [new(255, 0, 0), new(0, 255, 0), new(0, 0, 255)];
        for (var y = 0; y < height; y++)
        {
            var inBand = y >= height / 4 && y < height * 3 / 4;
            for (var x = 0; x < width; x++) image[x, y] = inBand ? new Rgb24(255, 255, 255) : colours[x * 3 / width];
        }
        using var png = new MemoryStream();
        image.SaveAsPng(png);
        return png.ToArray();
    }

    /// <summary>The canvas pixel at (x, y) named as white, red, green or blue (its strongest channel).</summary>
    private static async Task<string> CanvasColourAsync(IPage page, int x, int y)
    {
        var rgba = await page.EvaluateAsync<int[]>(
            "([x, y]) => Array.from(document.getElementById('classify-canvas').getContext('2d').getImageData(x, y, 1, 1).data)",
            new[] { x, y });
        var (r, g, b) = (rgba[0], rgba[1], rgba[2]);
        if (Math.Min(r, Math.Min(g, b)) > 200) return "white";
        return r >= g && r >= b ? "red" : g >= b ? "green" : "blue";
    }

    /// <summary>Mean absolute difference, on a 0-255 scale, of a canvas's RGBA values and the same pixels as RGB bytes.</summary>
    private static double MeanAbsoluteDifference(int[] rgba, byte[] rgb)
    {
        Assert.That(rgba.Length / 4, Is.EqualTo(rgb.Length / 3), "the canvas is not the model's input size");
        long total = 0;
        for (var i = 0; i < rgb.Length / 3; i++)
        {
            for (var c = 0; c < 3; c++) total += Math.Abs(rgba[4 * i + c] - rgb[3 * i + c]);
        }
        return total / (double)rgb.Length;
    }
}
