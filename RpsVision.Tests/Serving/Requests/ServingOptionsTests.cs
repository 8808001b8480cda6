using Microsoft.Extensions.Options;
using RpsVision.Serving.Gateway;
using RpsVision.Serving.Hosting;
using RpsVision.Serving.Models;
using RpsVision.Serving.Requests;

namespace RpsVision.Tests.Serving.Requests;

[TestFixture]
public sealed class ServingOptionsTests
{
    [Test]
    public void ModelOptions_Defaults_ArePinned()
    {
        var options = new ModelOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.Path, Is.EqualTo("runs/latest/model.onnx"));
            Assert.That(options.Name, Is.Null);
            Assert.That(options.Watch, Is.True);
            Assert.That(options.PollInterval, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.ReloadDelay, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
            Assert.That(options.IntraOpThreads, Is.EqualTo(1));
        });
    }

    [Test]
    public void ServingOptions_Defaults_ArePinned()
    {
        var options = new ServingOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.MaxRequestBodyBytes, Is.EqualTo(10 * 1024 * 1024));
            Assert.That(options.RequestTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.MaxConcurrentRequests, Is.EqualTo(Environment.ProcessorCount));
            Assert.That(options.QueueLimit, Is.EqualTo(128));
            Assert.That(options.ReceiveBlockBytes, Is.EqualTo(64 * 1024));
            Assert.That(options.RetryAfterSeconds, Is.EqualTo(1));
            Assert.That(options.MaxBatchSize, Is.EqualTo(64));
            Assert.That(options.MaxImageDimension, Is.EqualTo(8192));
            Assert.That(options.MaxImagePixels, Is.EqualTo(25_000_000));
            Assert.That(options.MaxImageFrames, Is.EqualTo(1));
            Assert.That(options.AllowedImageFormats, Is.Empty);
            Assert.That(options.ToImageLimits().AllowedFormats, Is.EqualTo(new[] { "PNG", "JPEG", "BMP", "GIF", "WEBP" }));
        });
    }

    [Test]
    public void GatewayOptions_Defaults_AreOffAndStrict()
    {
        var options = new GatewayOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.Enabled, Is.False);
            Assert.That(options.AllowedHosts, Is.Empty);
            Assert.That(options.AllowPrivateAddresses, Is.False);
            Assert.That(options.MaxImageBytes, Is.EqualTo(10 * 1024 * 1024));
            Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(options.MaxRedirects, Is.EqualTo(3));
        });
    }

    [Test]
    public void ManagementOptions_Defaults_AreLoopbackOnly()
    {
        var options = new ManagementOptions();

        Assert.That(options.Urls, Is.EqualTo("http://127.0.0.1:8081"));
        Assert.That(new ManagementOptions { Urls = " http://127.0.0.1:8081 ; http://[::1]:8081 " }.UrlList,
            Is.EqualTo(new[] { "http://127.0.0.1:8081", "http://[::1]:8081" }));
        Assert.That(new ManagementOptions { Urls = "" }.UrlList, Is.Empty);
    }

    [TestCase("Serving:MaxRequestBodyBytes", "10", "MaxRequestBodyBytes")]
    [TestCase("Serving:MaxConcurrentRequests", "0", "MaxConcurrentRequests")]
    [TestCase("Serving:ReceiveBlockBytes", "1024", "ReceiveBlockBytes")]
    [TestCase("Serving:AllowedImageFormats:0", "HEIC", "'HEIC'")]
    [TestCase("Model:PollInterval", "02:00:00", "PollInterval")]
    [TestCase("Gateway:AllowedHosts:0", "not a host!", "'not a host!'")]
    [TestCase("Management:Urls", "ftp://127.0.0.1:8081", "'ftp://127.0.0.1:8081'")]
    [TestCase("Management:Urls", "127.0.0.1:8081", "'127.0.0.1:8081'")]
    public void Start_InvalidSetting_FailsNamingIt(string key, string value, string named)
    {
        var error = Assert.ThrowsAsync<OptionsValidationException>(() => ServingTestHost.StartAndStopAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.That(error!.Message, Does.Contain(named));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task AllowedImageFormats_PngOnly_RefusesJpegWith415()
    {
        using var host = new ServingTestHost(new Dictionary<string, string?> { ["Serving:AllowedImageFormats:0"] = "png" });
        using HttpClient client = await host.CreateReadyClientAsync();
        using var image = SixLabors.ImageSharp.Image.Load(ServingModels.Photo(0));
        using var jpeg = new MemoryStream();
        SixLabors.ImageSharp.ImageExtensions.SaveAsJpeg(image, jpeg);
        var content = new ByteArrayContent(jpeg.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");

        using HttpResponseMessage response = await client.PostAsync("/predict", content);

        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.UnsupportedMediaType));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("UnsupportedFormat"));
    }
}
