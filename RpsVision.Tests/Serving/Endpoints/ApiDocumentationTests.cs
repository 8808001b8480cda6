using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;

namespace RpsVision.Tests.Serving.Endpoints;

[TestFixture]
public sealed class ApiDocumentationTests : ServingHostFixture
{
    [Test]
    public async Task OpenApiDocument_ListsEveryRouteWithNamesSummariesAndTags()
    {
        using JsonDocument document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));
        JsonElement paths = document.RootElement.GetProperty("paths");

        string[] expected =
        [
            "/predict", "/model", "/gateway/predict", "/v1/models/{name}", "/v1/models/{name}/metadata",
            "/v1/models/{name}:predict", "/v2/health/live", "/v2/health/ready", "/v2/models/{name}",
            "/v2/models/{name}/ready", "/v2/models/{name}/infer",
        ];
        Assert.That(paths.EnumerateObject().Select(p => p.Name), Is.SupersetOf(expected));
        Assert.That(paths.EnumerateObject().Select(p => p.Name), Has.None.StartsWith("/admin"), "management routes are not public");
        foreach (JsonProperty path in paths.EnumerateObject())
        {
            foreach (JsonProperty operation in path.Value.EnumerateObject())
            {
                Assert.That(operation.Value.GetProperty("operationId").GetString(), Is.Not.Empty, path.Name);
                Assert.That(operation.Value.GetProperty("summary").GetString(), Is.Not.Empty, path.Name);
                Assert.That(operation.Value.GetProperty("tags").GetArrayLength(), Is.GreaterThan(0), path.Name);
            }
        }
        JsonElement predictBody = paths.GetProperty("/predict").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.That(predictBody.EnumerateObject().Select(c => c.Name), Does.Contain("image/png").And.Contain("multipart/form-data"));
    }

    [Test]
    public async Task ScalarPage_IsServed()
    {
        using HttpResponseMessage response = await Client.GetAsync("/scalar/v1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Metrics_AfterPredictions_ExposeCountsLatencyClassesAndModel()
    {
        using HttpResponseMessage predict = await Client.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(0)));
        string label = JsonDocument.Parse(await predict.Content.ReadAsStringAsync()).RootElement.GetProperty("label").GetString()!;

        string metrics = await Client.GetStringAsync("/metrics");

        Assert.Multiple(() =>
        {
            Assert.That(metrics, Does.Contain("http_requests_received_total{code=\"200\",method=\"POST\",controller=\"\",action=\"\",endpoint=\"/predict\"}"));
            Assert.That(metrics, Does.Contain("http_request_duration_seconds_bucket{code=\"200\",method=\"POST\""));
            Assert.That(metrics, Does.Contain($"rpsvision_predictions_total{{label=\"{label}\",route=\"predict\"}}"));
            Assert.That(metrics, Does.Contain("rpsvision_inference_duration_seconds_bucket{route=\"predict\""));
            Assert.That(metrics, Does.Contain("rpsvision_model_info{name=\"rps-cnn\",version=\"1\"} 1"));
        });
    }

    [Test]
    public async Task Metrics_PublishDotNetMeters_ButNotThePrivateDiagnosticsOnes()
    {
        using var publicMeter = new Meter("RpsVision.Tests.Probe");
        using var privateMeter = new Meter("Private.InternalDiagnostics.RpsVision.Tests.Probe");
        publicMeter.CreateObservableGauge("queue.depth", () => 3);
        privateMeter.CreateObservableGauge("queue.depth", () => 3);
        // prometheus-net starts listening to the .NET meters at the first scrape; a request then records in them,
        // so the test does not depend on other tests having run first.
        await Client.GetStringAsync("/metrics");
        using (await Client.GetAsync("/v2/health/live"))
        {
        }

        string metrics = await Client.GetStringAsync("/metrics");

        Assert.Multiple(() =>
        {
            Assert.That(metrics, Does.Contain("rpsvision_tests_probe_queue_depth"));
            Assert.That(metrics, Does.Contain("microsoft_aspnetcore_"), "Kestrel's and ASP.NET Core's own meters");
            Assert.That(metrics, Does.Not.Contain("private_internaldiagnostics_"));
        });
    }
}
