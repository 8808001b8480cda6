using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace RpsVision.Tests.Serving;

/// <summary>
/// appsettings.json turns the <c>Microsoft.AspNetCore.Hosting.Diagnostics</c> logger off, because ASP.NET Core
/// starts an Activity and a log scope for every request while that logger is on (even at Critical), and that cost
/// about 3 % of throughput under load (docs/BENCHMARKS.md, session 6). A tracer that listens still gets its activities.
/// </summary>
public sealed class RequestDiagnosticsTests
{
    [Test]
    public async Task Predict_WithNoTracerListening_StartsNoRequestActivity()
    {
        (HttpStatusCode status, RequestActivity seen) = await PredictOnceAsync();

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(seen.OperationName, Is.Null, "Activity.Current in the first middleware");
        Assert.That(seen.HasActivityFeature, Is.False, "IHttpActivityFeature");
    }

    [Test]
    public async Task Predict_WithATracerListening_StillGetsTheRequestActivity()
    {
        var stopped = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (stopped) { stopped.Add(activity.OperationName); } },
        };
        ActivitySource.AddActivityListener(listener);

        (HttpStatusCode status, RequestActivity seen) = await PredictOnceAsync();

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(seen.OperationName, Is.EqualTo("Microsoft.AspNetCore.Hosting.HttpRequestIn"));
        Assert.That(seen.HasActivityFeature, Is.True, "IHttpActivityFeature");
        lock (stopped)
        {
            Assert.That(stopped, Does.Contain("Microsoft.AspNetCore.Hosting.HttpRequestIn"));
        }
    }

    /// <summary>What the first middleware of a <c>POST /predict</c> saw: the current activity and the feature.</summary>
    private sealed record RequestActivity(string? OperationName, bool HasActivityFeature);

    private static async Task<(HttpStatusCode Status, RequestActivity Seen)> PredictOnceAsync()
    {
        RequestActivity? seen = null;
        using var host = new ServingTestHost();
        using var observed = host.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<IStartupFilter>(new FirstMiddleware(context =>
            {
                if (context.Request.Path == "/predict")
                {
                    seen = new RequestActivity(Activity.Current?.OperationName, context.Features.Get<IHttpActivityFeature>() is not null);
                }
            }))));
        using HttpClient client = observed.CreateClient();
        await ServingTestHost.WaitUntilReadyAsync(client);

        using HttpResponseMessage response = await client.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(0)));
        Assert.That(seen, Is.Not.Null, "the middleware did not see the request");
        return (response.StatusCode, seen!);
    }

    /// <summary>Runs <paramref name="observe"/> on each request before the host's own middleware.</summary>
    private sealed class FirstMiddleware(Action<HttpContext> observe) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                observe(context);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
