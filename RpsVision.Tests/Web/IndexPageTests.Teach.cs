using System.IO.Compression;
using Microsoft.Playwright;
using RpsVision.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static Microsoft.Playwright.Assertions;

namespace RpsVision.Tests.Web;

/// <summary>Teach mode: frames of the user's hand per label, handed over as one zip built in the browser.</summary>
public sealed partial class IndexPageTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Teach_FramesForEveryLabelOneRemoved_DownloadsAZipOfThemByLabel()
    {
        var photo = Photo("scissors");
        var page = await OpenWithFakeCameraAsync(photo);
        var sentToHost = new List<string>();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Teach" }).ClickAsync();
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith(host.BaseAddress.ToString(), StringComparison.Ordinal)) sentToHost.Add($"{request.Method} {request.Url}");
        };
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Expect(page.Locator("#teach-video")).ToBeVisibleAsync();
        var snap = page.GetByRole(AriaRole.Button, new() { Name = "Take frame" });
        await Expect(snap).ToBeEnabledAsync();

        var taken = new Dictionary<string, int> { ["rock"] = 2, ["paper"] = 3, ["scissors"] = 1 };
        foreach (var (label, count) in taken)
        {
            await page.GetByRole(AriaRole.Radio, new() { Name = Capitalized(label) }).CheckAsync();
            for (var i = 1; i <= count; i++)
            {
                await snap.ClickAsync();
                await Expect(Thumbnails(page, label)).ToHaveCountAsync(i);
            }
            await Expect(page.Locator($"[data-count='{label}']")).ToHaveTextAsync([$"{count}", $"{count}"]);
        }
        await Expect(page.Locator("#teach-status")).ToHaveTextAsync("Took scissors frame 1.");
        await ExpectNoAccessibilityViolationsAsync(page);
        await SaveScreenshotAsync(page, "teach-frames");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove paper frame 2", Exact = true }).ClickAsync();

        await Expect(Thumbnails(page, "paper")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-count='paper']")).ToHaveTextAsync(["2", "2"]);
        // The frame after the removed one took its number, and focus.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove paper frame 2", Exact = true })).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove paper frame 3", Exact = true })).ToHaveCountAsync(0);

        var download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Download zip" }).ClickAsync());

        Assert.That(download.SuggestedFilename, Is.EqualTo("rps-teach.zip"));
        var zipPath = Path.Combine(TestContext.CurrentContext.WorkDirectory, "teach", download.SuggestedFilename);
        await download.SaveAsAsync(zipPath);
        await Expect(page.Locator("#teach-status")).ToContainTextAsync("2 rock, 2 paper, and 1 scissors");
        await SaveScreenshotAsync(page, "teach-downloaded");
        Assert.That(sentToHost, Is.Empty, "Teach mode sent something to the server");

        using var zip = ZipFile.OpenRead(zipPath);
        Assert.That(zip.Entries.Select(entry => entry.FullName),
            Is.EqualTo(new[] { "rock/1.png", "rock/2.png", "paper/1.png", "paper/2.png", "scissors/1.png" }));
        using var shown = Image.Load<Rgb24>(photo);
        foreach (var entry in zip.Entries)
        {
            var bytes = ReadAll(entry);
            Assert.That(entry.CompressedLength, Is.EqualTo(entry.Length), $"{entry.FullName} is not stored");
            Assert.That(entry.Crc32, Is.EqualTo(Crc32(bytes)), $"{entry.FullName}: wrong CRC-32");
            Assert.That(bytes.Take(PngSignature.Length), Is.EqualTo(PngSignature), $"{entry.FullName} is not a PNG");
            using var frame = Image.Load<Rgb24>(bytes);
            Assert.That((frame.Width, frame.Height), Is.EqualTo((shown.Width, shown.Height)), entry.FullName);
            // The camera's YUV 4:2:0 round trip blurs colour a little; another picture differs by far more.
            Assert.That(MeanAbsoluteDifference(frame, shown), Is.LessThan(12.0), $"{entry.FullName} is not the camera's picture");
        }

        // Unzipped, it is the layout the training job's --extra-data reads.
        var unzipped = Path.Combine(TestContext.CurrentContext.WorkDirectory, "teach", "my-hand");
        if (Directory.Exists(unzipped)) Directory.Delete(unzipped, recursive: true);
        ZipFile.ExtractToDirectory(zipPath, unzipped);
        Assert.That(Directory.GetDirectories(unzipped).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "paper", "rock", "scissors" }));
        Assert.That(Moves.Select(label => Directory.GetFiles(Path.Combine(unzipped, label), "*.png").Length), Is.EqualTo(new[] { 2, 2, 1 }));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Teach_LabelsWithoutFrames_RefusesTheZipNamingThem()
    {
        var page = await OpenWithFakeCameraAsync(Photo("rock"));
        var downloads = 0;
        page.Download += (_, _) => downloads++;
        await page.GetByRole(AriaRole.Tab, new() { Name = "Teach" }).ClickAsync();
        var build = page.GetByRole(AriaRole.Button, new() { Name = "Download zip" });
        var error = page.Locator("#teach-error");

        await build.ClickAsync();

        await Expect(error).ToHaveAttributeAsync("role", "alert");
        await Expect(error).ToContainTextAsync("Every label needs at least one frame");
        await Expect(error).ToContainTextAsync("No frames yet for rock, paper, and scissors: pick each above and take a few.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Take frame" }).ClickAsync();
        await Expect(Thumbnails(page, "rock")).ToHaveCountAsync(1);
        await Expect(error).ToBeHiddenAsync();

        await build.ClickAsync();

        await Expect(error).ToContainTextAsync("No frames yet for paper and scissors: pick each above");
        await Expect(page.Locator("#teach-status")).ToHaveTextAsync("No zip built.");
        await ExpectNoAccessibilityViolationsAsync(page);
        await SaveScreenshotAsync(page, "teach-refused");

        await page.GetByRole(AriaRole.Radio, new() { Name = "Paper" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Take frame" }).ClickAsync();
        await build.ClickAsync();

        await Expect(error).ToContainTextAsync("No frames yet for scissors: pick it above");
        Assert.That(downloads, Is.Zero);
    }

    [Test]
    public async Task Teach_PhoneWidthDarkScheme_FitsAndHasNoAccessibilityViolations()
    {
        var page = await OpenAsync(browser, new ViewportSize { Width = 390, Height = 844 }, ColorScheme.Dark);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Teach" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Download zip" }).ClickAsync();

        await Expect(page.Locator("#teach-error")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, "phone-teach-dark");
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(390));
        await ExpectNoAccessibilityViolationsAsync(page);
    }

    private static ILocator Thumbnails(IPage page, string label) => page.Locator($"[data-frames='{label}'] li");

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>CRC-32 as ZIP defines it (reflected polynomial 0xEDB88320), bit by bit: independent of the page's table.</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
