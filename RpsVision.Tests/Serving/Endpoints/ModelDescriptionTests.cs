using System.Net.Http.Json;
using System.Text.Json;
using RpsVision.Core.Export;
using RpsVision.Core.Inference;

namespace RpsVision.Tests.Serving.Endpoints;

[TestFixture]
public sealed class ModelDescriptionTests
{
    [Test]
    public async Task GetModel_ModelWithRealPhotoScore_AnswersItsAccuracyAndSet()
    {
        using var host = new ServingTestHost();
        using HttpClient client = await host.CreateReadyClientAsync();
        string scored = Path.Combine(host.Directory, "scored.onnx");
        File.Copy(ServingModels.ModelA, scored);
        ModelMetadata metadata;
        using (var classifier = new ImageClassifier(scored))
        {
            metadata = classifier.Model.Metadata;
        }
        OnnxExporter.WriteMetadata(scored, metadata with { RealPhotoAccuracy = 0.35, RealPhotoSet = "photos-dev" });

        host.ReplaceModel(scored);
        using HttpClient management = host.CreateManagementClient();
        using HttpResponseMessage reload = await management.PostAsync("/admin/reload", null);
        var model = await client.GetFromJsonAsync<JsonElement>("/model");

        Assert.That(model.GetProperty("real_photo_accuracy").GetDouble(), Is.EqualTo(0.35));
        Assert.That(model.GetProperty("real_photo_set").GetString(), Is.EqualTo("photos-dev"));
    }

    [Test]
    public async Task GetModel_TaughtModel_AnswersItsParentVersionOnEveryProtocol()
    {
        using var host = new ServingTestHost();
        using HttpClient client = await host.CreateReadyClientAsync();
        var plain = await client.GetFromJsonAsync<JsonElement>("/model");
        Assert.That(plain.GetProperty("parent_version").ValueKind, Is.EqualTo(JsonValueKind.Null));
        string taught = Path.Combine(host.Directory, "taught.onnx");
        File.Copy(ServingModels.ModelA, taught);
        ModelMetadata metadata;
        using (var classifier = new ImageClassifier(taught))
        {
            metadata = classifier.Model.Metadata;
        }
        OnnxExporter.WriteMetadata(taught, metadata with { ParentRunId = "20261205-120000", ParentVersion = "20261205120000", TaughtPhotos = 30 });

        host.ReplaceModel(taught);
        using HttpClient management = host.CreateManagementClient();
        using HttpResponseMessage reload = await management.PostAsync("/admin/reload", null);
        var model = await client.GetFromJsonAsync<JsonElement>("/model");
        string name = model.GetProperty("name").GetString()!;
        var v1 = await client.GetFromJsonAsync<JsonElement>($"/v1/models/{name}");
        var v2 = await client.GetFromJsonAsync<JsonElement>($"/v2/models/{name}");

        Assert.That(model.GetProperty("parent_version").GetString(), Is.EqualTo("20261205120000"));
        Assert.That(model.GetProperty("metadata").GetProperty("taught_photos").GetString(), Is.EqualTo("30"));
        Assert.That(v1.GetProperty("model_version_status")[0].GetProperty("parent_version").GetString(), Is.EqualTo("20261205120000"));
        Assert.That(v2.GetProperty("parameters").GetProperty("parent_version").GetString(), Is.EqualTo("20261205120000"));
    }
}
