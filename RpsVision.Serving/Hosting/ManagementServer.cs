using System.Text.Json;
using Microsoft.Extensions.Options;
using RpsVision.Serving.Endpoints;
using RpsVision.Serving.Models;

namespace RpsVision.Serving.Hosting;

/// <summary>
/// The management API on a listener of its own (<see cref="ManagementOptions.Urls"/>), apart from the public
/// inference address, as TorchServe separates its management API: a second, small host that shares this host's
/// model, started and stopped with it. With no management address it opens nothing, and the management routes exist
/// nowhere; on the public address they are never mapped, so there they answer 404.
/// </summary>
internal sealed class ManagementServer(
    IOptions<ManagementOptions> options, ModelHost model, ILoggerFactory loggerFactory, IHostEnvironment environment)
    : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<ManagementServer>();
    private WebApplication? _app;

    /// <summary>The addresses it listens on once started (a port 0 resolved to the real one); none when off.</summary>
    public IReadOnlyList<string> Addresses => _app is null ? [] : [.. _app.Urls];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string[] urls = options.Value.UrlList;
        if (urls.Length == 0)
        {
            _logger.LogInformation("No management address (Management:Urls is empty): POST /admin/reload is not served");
            return;
        }
        WebApplication app = Build(urls);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        _app = app;
        _logger.LogInformation("Management API (POST /admin/reload) listening on {Addresses}", string.Join(", ", app.Urls));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private WebApplication Build(string[] urls)
    {
        // Built on a thread that does not carry the caller's ExecutionContext. WebApplicationFactory (the tests) applies
        // its configuration, an in-memory TestServer included, to every host built within the context of the entry
        // point it runs, which would make this listener an in-memory one that no client can reach.
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(() => BuildApp(urls)).GetAwaiter().GetResult();
        }
    }

    private WebApplication BuildApp(string[] urls)
    {
        // An empty builder: no configuration sources of its own, so nothing (such as the public Urls) leaks in.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = environment.ApplicationName,
            EnvironmentName = environment.EnvironmentName,
        });
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().UseUrls(urls);
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(model);
        // The serving host owns the process's lifetime (Ctrl+C, SIGTERM) and stops this one with itself.
        builder.Services.AddSingleton<IHostLifetime, StoppedWithServingHost>();
        builder.Services.AddRoutingCore();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapAdminEndpoints();
        return app;
    }

    private sealed class StoppedWithServingHost : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
