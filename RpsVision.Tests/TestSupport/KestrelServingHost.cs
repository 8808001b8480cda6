extern alias serving;

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ServingProgram = serving::Program;

namespace RpsVision.Tests.TestSupport;

/// <summary>
/// The serving host on a real Kestrel at 127.0.0.1 and a free port, so that a browser can reach it
/// (WebApplicationFactory's in-memory TestServer cannot be).
/// </summary>
internal sealed class KestrelServingHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<ServingProgram> factory;

    private KestrelServingHost(WebApplicationFactory<ServingProgram> factory, Uri baseAddress)
    {
        this.factory = factory;
        BaseAddress = baseAddress;
    }

    /// <summary>Root of the site, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts the host with the given configuration (e.g. <c>Model:Path</c>).</summary>
    public static KestrelServingHost Start(IReadOnlyDictionary<string, string?> settings)
    {
        var factory = new WebApplicationFactory<ServingProgram>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Management:Urls", "");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        // Port 0: Kestrel picks a free port itself, so parallel runs cannot race for one.
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel started without an address.");
        return new KestrelServingHost(factory, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>A client that talks to the host over real HTTP.</summary>
    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Waits (30 s at most) until <c>/v2/health/ready</c> says the model is loaded.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateHttpClient();
        await ServingTestHost.WaitUntilReadyAsync(client);
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
