using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RpsVision.Tests.Serving.Endpoints;

[TestFixture]
public sealed class TfServingEndpointsTests : ServingHostFixture
{
    private string _name = null!;

    [OneTimeSetUp]
    public async Task ReadModelNameAsync() =>
        _name = (await Client.GetFromJsonAsync<JsonElement>("/model")).GetProperty("name").GetString()!;

    [Test]
    public async Task GetStatus_LoadedModel_IsAvailable()
    {
        var status = await Client.GetFromJsonAsync<JsonElement>($"/v1/models/{_name}");

        JsonElement version = status.GetProperty("model_version_status")[0];
        Assert.That(version.GetProperty("state").GetString(), Is.EqualTo("AVAILABLE"));
        Assert.That(version.GetProperty("status").GetProperty("error_code").GetString(), Is.EqualTo("OK"));
    }

    [Test]
    public async Task GetStatus_UnknownModel_Is404WithErrorField()
    {
        using HttpResponseMessage response = await Client.GetAsync("/v1/models/nope");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ErrorAsync(response), Does.Contain("nope"));
    }

    [Test]
    public async Task GetMetadata_DescribesInputShape()
    {
        string metadata = await Client.GetStringAsync($"/v1/models/{_name}/metadata");

        Assert.That(metadata, Does.Contain("serving_default").And.Contain("[-1,3,28,28]"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Predict_B64Instances_MatchPredictRoute()
    {
        byte[] first = ServingModels.Photo(0), second = ServingModels.Photo(9);
        var body = new { instances = new[] { new { b64 = Convert.ToBase64String(first) }, new { b64 = Convert.ToBase64String(second) } } };

        using HttpResponseMessage response = await Client.PostAsJsonAsync($"/v1/models/{_name}:predict", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        float[][] predictions = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions")
            .EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        Assert.That(predictions, Has.Length.EqualTo(2));
        Assert.That(predictions[0], Is.EqualTo(await PredictProbabilitiesAsync(first)).Within(1e-5));
        Assert.That(predictions[1], Is.EqualTo(await PredictProbabilitiesAsync(second)).Within(1e-5));
    }

    [Test]
    public async Task Predict_TensorInstances_AnswerOneRowPerInstance()
    {
        float[][][] zeros = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 28).Select(_ => new float[28]).ToArray()).ToArray();
        var body = new { instances = new[] { zeros, zeros, zeros } };

        using HttpResponseMessage response = await Client.PostAsJsonAsync($"/v1/models/{_name}:predict", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        JsonElement predictions = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions");
        Assert.That(predictions.GetArrayLength(), Is.EqualTo(3));
        Assert.That(predictions[0].EnumerateArray().Sum(v => v.GetSingle()), Is.EqualTo(1f).Within(1e-4));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Predict_ColumnarInputs_AnswerOutputs()
    {
        var body = new { inputs = new[] { new { b64 = Convert.ToBase64String(ServingModels.Photo(4)) } } };

        using HttpResponseMessage response = await Client.PostAsJsonAsync($"/v1/models/{_name}:predict", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outputs").GetArrayLength(), Is.EqualTo(1));
    }

    [TestCase("{\"instances\": [[[1, 2], [3, 4]]]}", "shape [3, 28, 28]")]
    [TestCase("{\"instances\": [{\"b64\": \"not base64!\"}]}", "base64")]
    [TestCase("{\"instances\": [{\"b64\": \"aGVsbG8=\"}]}", "not an image")]
    [TestCase("{\"instances\": []}", "non-empty")]
    [TestCase("{\"signature_name\": \"x\"}", "instances")]
    [TestCase("{\"instances\": [", "not valid JSON")]
    public async Task Predict_BadRequest_Is400WithErrorField(string body, string expected)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Client.PostAsync($"/v1/models/{_name}:predict", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorAsync(response), Does.Contain(expected).IgnoreCase);
    }

    [Test]
    public async Task Predict_UnknownModel_Is404WithErrorField()
    {
        using HttpResponseMessage response = await Client.PostAsJsonAsync("/v1/models/other:predict", new { instances = new[] { 1 } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ErrorAsync(response), Does.StartWith("Servable not found"));
    }

    private async Task<float[]> PredictProbabilitiesAsync(byte[] photo)
    {
        using HttpResponseMessage response = await Client.PostAsync("/predict", ServingModels.Png(photo));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("probabilities")
            .EnumerateObject().Select(p => p.Value.GetSingle()).ToArray();
    }

    internal static async Task<string> ErrorAsync(HttpResponseMessage response)
    {
        JsonElement error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(error.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "error" }), "the protocol's error shape");
        return error.GetProperty("error").GetString()!;
    }
}
