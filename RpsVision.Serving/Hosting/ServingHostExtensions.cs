using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Prometheus;
using RpsVision.Serving.Endpoints;
using RpsVision.Serving.Gateway;
using RpsVision.Serving.Telemetry;
using RpsVision.Serving.Models;
using RpsVision.Serving.Requests;
using Scalar.AspNetCore;

namespace RpsVision.Serving.Hosting;

/// <summary>The serving host's wiring: services, then the request pipeline and the endpoint groups.</summary>
internal static class ServingHostExtensions
{
    public static WebApplicationBuilder AddServing(this WebApplicationBuilder builder)
    {
        IServiceCollection services = builder.Services;
        AddValidatedOptions<ModelOptions>(services, ModelOptions.SectionName);
        AddValidatedOptions<ServingOptions>(services, ServingOptions.SectionName);
        AddValidatedOptions<GatewayOptions>(services, GatewayOptions.SectionName);
        AddValidatedOptions<ManagementOptions>(services, ManagementOptions.SectionName);

        ServingMetrics.PublishPublicMetersOnly();
        services.AddSingleton<ServingMetrics>();
        services.AddSingleton<ModelHost>();
        services.AddSingleton<Classification>();
        services.AddSingleton<SafeImageFetcher>();
        services.AddSingleton<InferenceConcurrency>();
        services.AddHostedService<ModelFileWatcher>();
        services.AddSingleton<ManagementServer>();
        services.AddHostedService(provider => provider.GetRequiredService<ManagementServer>());

        services.AddProblemDetails(options => options.CustomizeProblemDetails =
            context => context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "RpsVision serving API";
            document.Info.Description = "Rock-paper-scissors image classification: our /predict route, the original gateway's " +
                "{\"url\"} contract, TF Serving's REST API (/v1) and KServe's Open Inference Protocol (/v2).";
            return Task.CompletedTask;
        }));

        // Registered after Kestrel's own factory, so Kestrel's socket transport takes this one.
        services.AddSingleton<IMemoryPoolFactory<byte>>(provider =>
            new LargeBlockMemoryPoolFactory(provider.GetRequiredService<IOptions<ServingOptions>>().Value.ReceiveBlockBytes));
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServingOptions>>(
            (kestrel, serving) => kestrel.Limits.MaxRequestBodySize = serving.Value.MaxRequestBodyBytes);
        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<ServingOptions>>(
            (timeouts, serving) => timeouts.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = serving.Value.RequestTimeout,
                TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
                WriteTimeoutResponse = context => ErrorResults.WriteAsync(context, StatusCodes.Status504GatewayTimeout,
                    "Request timed out", $"The request took longer than {serving.Value.RequestTimeout.TotalSeconds:0.###} s (Serving:RequestTimeout)."),
            });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ServingOptions>>(ConfigureConcurrencyLimit);
        return builder;
    }

    /// <summary>The middleware, in order, and every public endpoint group.</summary>
    public static WebApplication UseServing(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteUnhandledErrorAsync });
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseHttpMetrics();
        app.UseRequestTimeouts();
        app.UseRateLimiter();

        app.MapPredictEndpoints();
        app.MapGatewayEndpoints();
        app.MapTfServingEndpoints();
        app.MapKServeEndpoints();
        // No management routes here: ManagementServer serves them on the management address alone.
        app.MapOpenApi();
        app.MapScalarApiReference(options => options.WithTitle("RpsVision serving API"));
        app.MapMetrics();
        return app;
    }

    private static void AddValidatedOptions<T>(IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();

    private static void ConfigureConcurrencyLimit(RateLimiterOptions limiter, IOptions<ServingOptions> serving)
    {
        ServingOptions options = serving.Value;
        limiter.AddPolicy(RateLimitPolicies.Inference, context => RateLimitPartition.Get(RateLimitPolicies.Inference,
            _ => context.RequestServices.GetRequiredService<InferenceConcurrency>().CreateLimiter()));
        limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
        limiter.OnRejected = (context, _) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return new ValueTask(ErrorResults.WriteAsync(context.HttpContext, StatusCodes.Status503ServiceUnavailable, "Server busy",
                $"{options.MaxConcurrentRequests} requests are running and {options.QueueLimit} waiting " +
                $"(Serving:MaxConcurrentRequests, Serving:QueueLimit); retry after {options.RetryAfterSeconds} s."));
        };
    }

    private static Task WriteUnhandledErrorAsync(HttpContext context)
    {
        Exception? error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is Microsoft.AspNetCore.Http.BadHttpRequestException badRequest)
        {
            return ErrorResults.WriteAsync(context, badRequest.StatusCode, "Bad request", badRequest.Message);
        }
        return ErrorResults.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal error",
            $"The server failed to answer; the error is logged with trace id {context.TraceIdentifier}.");
    }
}
