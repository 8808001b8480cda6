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
}
