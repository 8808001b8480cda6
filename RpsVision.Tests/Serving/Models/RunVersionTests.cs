using System.Net.Http.Json;
using System.Text.Json;
using RpsVision.Core.Runs;

namespace RpsVision.Tests.Serving.Models;

[TestFixture]
public sealed class RunVersionTests
{
    [Test]
    public async Task GetModel_NewRunWritten_ServesTheNewRunsVersionOnEveryRoute()
    {
        using var data = new TinyDataset();
        var first = await TrainingPipeline.RunAsync(data.Pipeline(epochs: 1));
        using var host = new ServingTestHost(
            new Dictionary<string, string?> { ["Model:Path"] = Path.Combine(data.OutputDir, "latest", RunFiles.Model) }, withModel: false);
        using HttpClient client = await host.CreateReadyClientAsync();
        var before = await client.GetFromJsonAsync<JsonElement>("/model");
        string name = before.GetProperty("name").GetString()!;
        string firstVersion = before.GetProperty("version").GetString()!;

        var second = await TrainingPipeline.RunAsync(data.Pipeline(epochs: 1));
        string expected = Path.GetFileName(second.RunFolder).Replace("-", "", StringComparison.Ordinal);
        string now = firstVersion;
        await Eventually.HoldsAsync(async () =>
        {
            now = (await client.GetFromJsonAsync<JsonElement>("/model")).GetProperty("version").GetString()!;
            return now != firstVersion;
        }, "the watcher serves the new run");

        Assert.That(firstVersion, Is.EqualTo(Path.GetFileName(first.RunFolder).Replace("-", "", StringComparison.Ordinal)));
        Assert.That(now, Is.EqualTo(expected));
        Assert.That(long.Parse(now), Is.GreaterThan(long.Parse(firstVersion)));
        var tf = await client.GetFromJsonAsync<JsonElement>($"/v1/models/{name}");
        Assert.That(tf.GetProperty("model_version_status")[0].GetProperty("version").GetString(), Is.EqualTo(expected));
        var kserve = await client.GetFromJsonAsync<JsonElement>($"/v2/models/{name}");
        Assert.That(kserve.GetProperty("versions").EnumerateArray().Select(v => v.GetString()), Is.EqualTo(new[] { expected }));
    }
}
