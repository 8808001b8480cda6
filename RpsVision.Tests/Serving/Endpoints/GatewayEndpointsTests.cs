using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RpsVision.Tests.Serving.Endpoints;

[TestFixture]
public sealed class GatewayEndpointsTests
{
    private WebApplication _images = null!;
    private string _imagesBase = null!;

    /// <summary>A real HTTP server on 127.0.0.1 that the gateway may (or may not) fetch from.</summary>
    [OneTimeSetUp]
    public async Task StartImageServerAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _images = builder.Build();
        byte[] photo = ServingModels.Photo(7);
        _images.MapGet("/photo.png", () => Results.File(photo, "image/png"));
        _images.MapGet("/redirect-outside", () => Results.Redirect("http://example.invalid/photo.png"));
        _images.MapGet("/redirect-inside", () => Results.Redirect("/photo.png"));
        _images.MapGet("/huge", () => Results.File(new byte[3_000_000], "image/png"));
        await _images.StartAsync();
        _imagesBase = _images.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    [OneTimeTearDown]
    public async Task StopImageServerAsync() => await _images.DisposeAsync();

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task PredictFromUrl_Disabled_Is403ProblemSayingHowToEnable()
    {
        using var host = new ServingTestHost();
        using HttpClient client = await host.CreateReadyClientAsync();

        using HttpResponseMessage response = await client.PostAsJsonAsync("/gateway/predict", new { url = $"{_imagesBase}/photo.png" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Gateway:Enabled=true"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task PredictFromUrl_HostResolvingToLoopback_IsRefused()
    {
        using var host = Enabled("localhost", allowPrivate: false);
        using HttpClient client = await host.CreateReadyClientAsync();
        string url = _imagesBase.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/photo.png";

        JsonElement problem = await PostAsync(client, url, HttpStatusCode.Forbidden);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("127.0.0.1").Or.Contain("::1"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task PredictFromUrl_LoopbackLiteral_IsRefused()
    {
        using var host = Enabled("127.0.0.1", allowPrivate: false);
        using HttpClient client = await host.CreateReadyClientAsync();

        JsonElement problem = await PostAsync(client, $"{_imagesBase}/photo.png", HttpStatusCode.Forbidden);

        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Address not allowed"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task PredictFromUrl_HostNotOnAllowList_IsRefused()
    {
        using var host = Enabled("images.example.com", allowPrivate: true);
        using HttpClient client = await host.CreateReadyClientAsync();

        JsonElement problem = await PostAsync(client, $"{_imagesBase}/photo.png", HttpStatusCode.Forbidden);

        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Host not allowed"));
    }

    [Category(TestCategories.SharedData)]
    [TestCase("file:///etc/passwd")]
    [TestCase("ftp://127.0.0.1/photo.png")]
    [TestCase("not a url")]
    public async Task PredictFromUrl_NotHttpUrl_Is400(string url)
    {
        using var host = Enabled("127.0.0.1", allowPrivate: true);
        using HttpClient client = await host.CreateReadyClientAsync();

        await PostAsync(client, url, HttpStatusCode.BadRequest);
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task PredictFromUrl_PermittedPrivateHost_AnswersGatewayShape()
    {
        using var host = Enabled("127.0.0.1", allowPrivate: true);
        using HttpClient client = await host.CreateReadyClientAsync();

        JsonElement answer = await PostAsync(client, $"{_imagesBase}/redirect-inside", HttpStatusCode.OK);

        Assert.That(answer.GetProperty("predicted_class").GetString(), Is.AnyOf("rock", "paper", "scissors"));
        Assert.That(answer.GetProperty("predicted_prob").GetSingle(), Is.InRange(1f / 3, 1f));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task PredictFromUrl_RedirectToHostNotAllowed_IsRefused()
    {
        using var host = Enabled("127.0.0.1", allowPrivate: true);
        using HttpClient client = await host.CreateReadyClientAsync();

        JsonElement problem = await PostAsync(client, $"{_imagesBase}/redirect-outside", HttpStatusCode.Forbidden);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("example.invalid"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task PredictFromUrl_ImageOverLimit_Is413()
    {
        using var host = Enabled("127.0.0.1", allowPrivate: true, ("Gateway:MaxImageBytes", "1000000"));
        using HttpClient client = await host.CreateReadyClientAsync();

        await PostAsync(client, $"{_imagesBase}/huge", HttpStatusCode.RequestEntityTooLarge);
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Options_EnabledWithoutAllowedHosts_FailsAtStart()
    {
        var error = Assert.ThrowsAsync<OptionsValidationException>(
            () => ServingTestHost.StartAndStopAsync(new Dictionary<string, string?> { ["Gateway:Enabled"] = "true" }));
        Assert.That(error!.Message, Does.Contain("Gateway:AllowedHosts"));
    }

    private static ServingTestHost Enabled(string allowedHost, bool allowPrivate, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Enabled"] = "true",
            ["Gateway:AllowedHosts:0"] = allowedHost,
            ["Gateway:AllowPrivateAddresses"] = allowPrivate ? "true" : "false",
        };
        foreach ((string key, string value) in more)
        {
            settings[key] = value;
        }
        return new ServingTestHost(settings);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string url, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await client.PostAsJsonAsync("/gateway/predict", new { url });
        string body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
