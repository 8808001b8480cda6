using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RpsVision.Tests.TestSupport;

/// <summary>
/// A local HTTP server on 127.0.0.1 that serves archives under <c>/data/&lt;name&gt;</c>, honours
/// <c>Range: bytes=N-</c>, records each request's Range header, and can cut a response after half its body.
/// </summary>
internal sealed class ArchiveServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _cutsLeft;

    private ArchiveServer(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>The Range header of each request in arrival order ("" when absent).</summary>
    public ConcurrentQueue<string> RangeHeaders { get; } = new();

    /// <summary>When true, Range is ignored and the whole file is sent with 200.</summary>
    public bool IgnoreRange { get; set; }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The next <paramref name="count"/> responses send half their body, then abort the connection.</summary>
    public void CutNext(int count) => Interlocked.Exchange(ref _cutsLeft, count);

    public static async Task<ArchiveServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ArchiveServer(app);
        app.MapGet("/data/{name}", (HttpContext context, string name) => server.ServeAsync(context, name));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/data/");
        return server;
    }

    private async Task ServeAsync(HttpContext context, string name)
    {
        var range = context.Request.Headers.Range.ToString();
        RangeHeaders.Enqueue(range);
        if (!Files.TryGetValue(name, out var content))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        long start = 0;
        if (!IgnoreRange && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }

        var body = content.AsMemory((int)start);
        context.Response.ContentLength = body.Length;
        context.Response.ContentType = "application/zip";
        if (Interlocked.Decrement(ref _cutsLeft) >= 0)
        {
            await context.Response.Body.WriteAsync(body[..(body.Length / 2)]);
            await context.Response.Body.FlushAsync();
            await Task.Delay(100); // Lets the flushed half reach the client before the reset.
            context.Abort();
            return;
        }

        await context.Response.Body.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
