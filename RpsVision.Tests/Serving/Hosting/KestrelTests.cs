using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RpsVision.Tests.Serving.Hosting;

[TestFixture]
public sealed class KestrelTests
{
    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Predict_OverRealHttpOn127001_AnswersEveryPhoto()
    {
        using var host = new ServingTestHost();
        using HttpClient client = await host.CreateKestrelClientAsync();
        Assert.That(client.BaseAddress!.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(client.BaseAddress.Port, Is.GreaterThan(0));

        foreach (string photo in ServingModels.Photos)
        {
            using HttpResponseMessage response = await client.PostAsync("/predict", ServingModels.Png(File.ReadAllBytes(photo)));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("label").GetString(),
                Is.AnyOf("rock", "paper", "scissors"));
        }
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Predict_MoreRequestsThanPermitsOverRealHttp_QueueAndAreAllAnswered()
    {
        // 24 requests at once for one permit: 23 wait in the concurrency limiter's queue (default limit 128), none is
        // refused or lost; the liveness route, outside the limiter, answers while they are under way.
        using var host = new ServingTestHost(new Dictionary<string, string?> { ["Serving:MaxConcurrentRequests"] = "1" });
        using HttpClient client = await host.CreateKestrelClientAsync();
        byte[] photo = ServingModels.Photo(0);

        Task<HttpResponseMessage>[] predictions = Enumerable.Range(0, 24)
            .Select(_ => client.PostAsync("/predict", ServingModels.Png(photo)))
            .ToArray();
        using HttpResponseMessage live = await client.GetAsync("/v2/health/live");
        HttpResponseMessage[] responses = await Task.WhenAll(predictions);

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        foreach (HttpResponseMessage response in responses)
        {
            response.Dispose();
        }
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Predict_BodyOverKestrelLimit_Is413Problem()
    {
        using var host = new ServingTestHost(new Dictionary<string, string?> { ["Serving:MaxRequestBodyBytes"] = "50000" });
        using HttpClient client = await host.CreateKestrelClientAsync();

        using HttpResponseMessage response = await client.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(0)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
