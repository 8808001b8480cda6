using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RpsVision.Serving.Hosting;

namespace RpsVision.Tests.Serving.Hosting;

/// <summary>The management API on its own address, apart from the public one; all over real HTTP on 127.0.0.1.</summary>
[TestFixture]
public sealed class ManagementTests
{
    [Category(TestCategories.SharedData)]
    [Test]
    public async Task AdminReload_OnThePublicAddress_Is404()
    {
        using var host = new ServingTestHost();
        using HttpClient client = await host.CreateKestrelClientAsync();

        using HttpResponseMessage reload = await client.PostAsync("/admin/reload", null);
        using HttpResponseMessage predict = await client.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(0)));

        Assert.That(reload.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(predict.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the public address serves inference");
        Assert.That(host.Services.GetRequiredService<ManagementServer>().Addresses, Has.Count.EqualTo(1),
            "the management listener was up meanwhile");
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task AdminReload_OnTheManagementAddress_SwapsInTheReplacedFile()
    {
        using var host = new ServingTestHost(new Dictionary<string, string?> { ["Model:Watch"] = "false", ["Model:PollInterval"] = "0" });
        using HttpClient client = await host.CreateKestrelClientAsync();
        using HttpClient management = host.CreateManagementClient();
        string before = await AnswerAsync(client);
        host.ReplaceModel(ServingModels.ModelB);
        Assert.That(await AnswerAsync(client), Is.EqualTo(before), "nothing but the reload request swaps the model");

        using HttpResponseMessage reload = await management.PostAsync("/admin/reload", null);

        Assert.That(reload.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reload.Content.ReadAsStringAsync());
        Assert.That(management.BaseAddress!.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(management.BaseAddress.Port, Is.Not.EqualTo(client.BaseAddress!.Port));
        JsonElement answer = await reload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(answer.GetProperty("changed").GetBoolean(), Is.True);
        Assert.That(await AnswerAsync(client), Is.Not.EqualTo(before));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Inference_OnTheManagementAddress_Is404()
    {
        using var host = new ServingTestHost();
        using HttpClient client = await host.CreateKestrelClientAsync();
        using HttpClient management = host.CreateManagementClient();

        using HttpResponseMessage predict = await management.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(0)));

        Assert.That(predict.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Start_ManagementUrlsEmpty_OpensNoListenerAndNoRoute()
    {
        await using WebApplication app = await ServingTestHost.StartLikeProgramAsync(new Dictionary<string, string?> { ["Management:Urls"] = "" });
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using HttpResponseMessage reload = await client.PostAsync("/admin/reload", null);

        Assert.That(app.Services.GetRequiredService<ManagementServer>().Addresses, Is.Empty);
        Assert.That(reload.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await app.StopAsync();
    }

    [Test]
    public async Task Start_ManagementAddressTaken_FailsToStart()
    {
        await using WebApplication first = await ServingTestHost.StartLikeProgramAsync(new Dictionary<string, string?>());
        string taken = first.Services.GetRequiredService<ManagementServer>().Addresses.Single();

        Assert.That(async () => await ServingTestHost.StartAndStopAsync(new Dictionary<string, string?> { ["Management:Urls"] = taken }),
            Throws.InstanceOf<IOException>());
        await first.StopAsync();
    }

    /// <summary>What the served model answers for one photo: models A and B answer differently.</summary>
    private static async Task<string> AnswerAsync(HttpClient client)
    {
        using HttpResponseMessage response = await client.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(0)));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("probabilities").GetRawText();
    }
}
