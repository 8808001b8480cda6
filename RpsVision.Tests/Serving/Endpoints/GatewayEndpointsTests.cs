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

    /// <param name="url">The URL sent; <c>{images}</c> stands for the image server's address, <c>{localhost}</c> for
    /// the same server named <c>localhost</c>.</param>
    /// <param name="field">The problem's field that must match <paramref name="pattern"/>; null: only the status is checked.</param>
    [Category(TestCategories.SharedData)]
    [TestCase("localhost", false, "{localhost}/photo.png", HttpStatusCode.Forbidden, "detail", @"127\.0\.0\.1|::1",
        TestName = "PredictFromUrl_HostResolvingToLoopback_IsRefused")]
    [TestCase("127.0.0.1", false, "{images}/photo.png", HttpStatusCode.Forbidden, "title", "^Address not allowed$",
        TestName = "PredictFromUrl_LoopbackLiteral_IsRefused")]
    [TestCase("images.example.com", true, "{images}/photo.png", HttpStatusCode.Forbidden, "title", "^Host not allowed$",
        TestName = "PredictFromUrl_HostNotOnAllowList_IsRefused")]
    [TestCase("127.0.0.1", true, "{images}/redirect-outside", HttpStatusCode.Forbidden, "detail", @"example\.invalid",
        TestName = "PredictFromUrl_RedirectToHostNotAllowed_IsRefused")]
    [TestCase("127.0.0.1", true, "{images}/huge", HttpStatusCode.RequestEntityTooLarge, null, null,
        TestName = "PredictFromUrl_ImageOverLimit_Is413")]
    [TestCase("127.0.0.1", true, "file:///etc/passwd", HttpStatusCode.BadRequest, null, null,
        TestName = "PredictFromUrl_FileUrl_Is400")]
    [TestCase("127.0.0.1", true, "ftp://127.0.0.1/photo.png", HttpStatusCode.BadRequest, null, null,
        TestName = "PredictFromUrl_FtpUrl_Is400")]
    [TestCase("127.0.0.1", true, "not a url", HttpStatusCode.BadRequest, null, null,
        TestName = "PredictFromUrl_NotAUrl_Is400")]
    public async Task PredictFromUrl_Refused_AnswersProblem(
        string allowedHost, bool allowPrivate, string url, HttpStatusCode expected, string? field, string? pattern)
    {
        using var host = Enabled(allowedHost, allowPrivate, ("Gateway:MaxImageBytes", "1000000"));
        using HttpClient client = await host.CreateReadyClientAsync();
        string sent = url
            .Replace("{images}", _imagesBase, StringComparison.Ordinal)
            .Replace("{localhost}", _imagesBase.Replace("127.0.0.1", "localhost", StringComparison.Ordinal), StringComparison.Ordinal);

        JsonElement problem = await PostAsync(client, sent, expected);

        if (field is not null && pattern is not null)
        {
            Assert.That(problem.GetProperty(field).GetString(), Does.Match(pattern));
        }
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
