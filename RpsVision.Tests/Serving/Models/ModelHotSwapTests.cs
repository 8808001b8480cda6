using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RpsVision.Serving.Models;

namespace RpsVision.Tests.Serving.Models;

[TestFixture]
public sealed class ModelHotSwapTests
{
    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Reload_DuringConcurrentRequests_NoRequestFails()
    {
        using var host = new ServingTestHost();
        using HttpClient client = await host.CreateReadyClientAsync();
        using HttpClient management = host.CreateManagementClient();
        float[] before = await ProbabilitiesAsync(client, 0);
        var failures = new ConcurrentBag<string>();
        int completed = 0;
        using var stop = new CancellationTokenSource();

        Task[] workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (int i = worker; !stop.IsCancellationRequested; i++)
            {
                using HttpResponseMessage response = await client.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(i)));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
                Interlocked.Increment(ref completed);
            }
        })).ToArray();

        for (int swap = 0; swap < 6; swap++)
        {
            host.ReplaceModel(swap % 2 == 0 ? ServingModels.ModelB : ServingModels.ModelA);
            await ReloadAsync(management);
            // Each model serves a round of requests while the next swap comes: as many as there are workers.
            int seen = Volatile.Read(ref completed);
            await Eventually.HoldsAsync(() => Volatile.Read(ref completed) >= seen + workers.Length || workers.Any(w => w.IsFaulted),
                "a round of requests completes after the swap");
        }
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.That(failures, Is.Empty);
        host.ReplaceModel(ServingModels.ModelB);
        await ReloadAsync(management);
        Assert.That(await ProbabilitiesAsync(client, 0), Is.Not.EqualTo(before), "model B now answers");
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task FileReplaced_IsPickedUpWithoutReloadRequest()
    {
        using var host = new ServingTestHost();
        using HttpClient client = await host.CreateReadyClientAsync();
        float[] before = await ProbabilitiesAsync(client, 5);

        host.ReplaceModel(ServingModels.ModelB);

        await Eventually.HoldsAsync(async () => !(await ProbabilitiesAsync(client, 5)).SequenceEqual(before),
            "the watcher swaps in the new file");
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task BrokenFile_IsRefusedAndOldModelKeepsServing()
    {
        using var host = new ServingTestHost();
        using HttpClient client = await host.CreateReadyClientAsync();
        var model = host.Services.GetRequiredService<ModelHost>();
        float[] before = await ProbabilitiesAsync(client, 2);
        Assert.That(model.RefusedLoads, Is.Zero);

        File.WriteAllBytes(host.ModelPath, "definitely not an ONNX model"u8.ToArray());
        await Eventually.HoldsAsync(() => model.RefusedLoads > 0, "the watcher refuses the broken file");

        Assert.That(await ProbabilitiesAsync(client, 2), Is.EqualTo(before));
        using HttpResponseMessage ready = await client.GetAsync("/v2/health/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using HttpClient management = host.CreateManagementClient();
        using HttpResponseMessage reload = await management.PostAsync("/admin/reload", null);
        Assert.That(reload.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        JsonElement problem = await reload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("serving").GetProperty("name").GetString(), Is.Not.Empty);
        Assert.That(await ProbabilitiesAsync(client, 2), Is.EqualTo(before));
        string metrics = await client.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("rpsvision_model_loads_total{result=\"failure\",trigger=\"reload request\"}"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task NoModelYet_NotReadyThenReadyWhenFileAppears()
    {
        using var host = new ServingTestHost(withModel: false);
        using HttpClient client = host.CreateClient();

        using HttpResponseMessage ready = await client.GetAsync("/v2/health/ready");
        using HttpResponseMessage live = await client.GetAsync("/v2/health/live");
        using HttpResponseMessage predict = await client.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(0)));
        Assert.Multiple(() =>
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(predict.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(predict.Headers.RetryAfter, Is.Not.Null);
        });

        host.ReplaceModel(ServingModels.ModelA);
        await ServingTestHost.WaitUntilReadyAsync(client);
        using HttpResponseMessage after = await client.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(0)));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task ReloadAsync(HttpClient management)
    {
        using HttpResponseMessage reload = await management.PostAsync("/admin/reload", null);
        Assert.That(reload.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reload.Content.ReadAsStringAsync());
    }

    private static async Task<float[]> ProbabilitiesAsync(HttpClient client, int photo)
    {
        using HttpResponseMessage response = await client.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(photo)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("probabilities")
            .EnumerateObject().Select(p => p.Value.GetSingle()).ToArray();
    }
}
