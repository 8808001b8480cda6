extern alias serving;

using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RpsVision.Serving.Hosting;

namespace RpsVision.Tests.TestSupport;

/// <summary>
/// The serving host in memory (WebApplicationFactory), serving a copy of a random-weight test model from its own
/// folder, so a test may replace or break the file.
/// </summary>
internal sealed class ServingTestHost : WebApplicationFactory<serving::Program>
{
    private readonly Dictionary<string, string?> _settings;

    public ServingTestHost(IReadOnlyDictionary<string, string?>? settings = null, bool withModel = true)
    {
        Directory = Path.Combine(Path.GetTempPath(), "rpsvision-serving-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        ModelPath = Path.Combine(Directory, "model.onnx");
        if (withModel)
        {
            File.Copy(ServingModels.ModelA, ModelPath);
        }
        _settings = new Dictionary<string, string?>
        {
            ["Model:Path"] = ModelPath,
            ["Model:PollInterval"] = "00:00:00.2",
            ["Model:ReloadDelay"] = "00:00:00.1",
            // The management listener on a free port of its own, as each test host runs beside others.
            ["Management:Urls"] = "http://127.0.0.1:0",
        };
        foreach ((string key, string? value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>The folder of the served model file.</summary>
    public string Directory { get; }

    public string ModelPath { get; }

    /// <summary>A client, once <c>/v2/health/ready</c> says a model is loaded.</summary>
    public async Task<HttpClient> CreateReadyClientAsync()
    {
        HttpClient client = CreateClient();
        await WaitUntilReadyAsync(client);
        return client;
    }

    /// <summary>A client of the management address (<c>Management:Urls</c>); the host must have been started.</summary>
    public HttpClient CreateManagementClient() => CreateManagementClient(Services);

    /// <summary>A client of the management address of the host whose services are <paramref name="services"/>.</summary>
    public static HttpClient CreateManagementClient(IServiceProvider services)
    {
        string address = services.GetRequiredService<ManagementServer>().Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The host has no management address (Management:Urls is empty).");
        return new HttpClient { BaseAddress = new Uri(address) };
    }

    /// <summary>A client of the host on a real Kestrel server on 127.0.0.1 (a free port), once ready.</summary>
    public async Task<HttpClient> CreateKestrelClientAsync()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        // A plain client: the factory's own one buffers request bodies (to replay them on redirects).
        var client = new HttpClient { BaseAddress = ClientOptions.BaseAddress };
        await WaitUntilReadyAsync(client);
        return client;
    }

    /// <summary>
    /// Builds and starts the host as Program does. Not through WebApplicationFactory: when the start fails, its deferred
    /// host sometimes reports an ObjectDisposedException instead of the start's own error (seen in a fresh-clone-check run).
    /// </summary>
    public static async Task StartAndStopAsync(IReadOnlyDictionary<string, string?> settings)
    {
        await using WebApplication app = await StartLikeProgramAsync(settings);
        await app.StopAsync();
    }

    /// <summary>
    /// The host built and started as Program builds it, on a real Kestrel on 127.0.0.1 (a free port: see
    /// <c>app.Urls</c>). WebApplicationFactory adds Kestrel after Program's services, which replaces some of ours
    /// (the receive memory pool); this composition is the one that runs in production.
    /// </summary>
    public static async Task<WebApplication> StartLikeProgramAsync(IReadOnlyDictionary<string, string?> settings)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Management:Urls"] = "http://127.0.0.1:0" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServing();
        WebApplication app = builder.Build();
        try
        {
            app.UseServing();
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public static Task WaitUntilReadyAsync(HttpClient client) =>
        Eventually.HoldsAsync(async () =>
        {
            using HttpResponseMessage response = await client.GetAsync("/v2/health/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }, "the server answers 200 on /v2/health/ready");

    /// <summary>Replaces the served file the way a careful writer does: a new file moved over the old one.</summary>
    public void ReplaceModel(string source)
    {
        string staging = ModelPath + ".new";
        File.Copy(source, staging, overwrite: true);
        File.Move(staging, ModelPath, overwrite: true);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach ((string key, string? value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
