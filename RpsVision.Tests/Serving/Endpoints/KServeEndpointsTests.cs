using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RpsVision.Tests.Serving.Endpoints;

[TestFixture]
public sealed class KServeEndpointsTests : ServingHostFixture
{
    private string _name = null!;

    [OneTimeSetUp]
    public async Task ReadModelNameAsync() =>
        _name = (await Client.GetFromJsonAsync<JsonElement>("/model")).GetProperty("name").GetString()!;

    [Test]
    public async Task Health_LiveAndReady_AreTrue()
    {
        Assert.That((await Client.GetFromJsonAsync<JsonElement>("/v2/health/live")).GetProperty("live").GetBoolean(), Is.True);
        Assert.That((await Client.GetFromJsonAsync<JsonElement>("/v2/health/ready")).GetProperty("ready").GetBoolean(), Is.True);
    }

    [Test]
    public async Task ModelMetadataAndReady_DescribeTheModel()
    {
        var metadata = await Client.GetFromJsonAsync<JsonElement>($"/v2/models/{_name}");
        var ready = await Client.GetFromJsonAsync<JsonElement>($"/v2/models/{_name}/ready");

        Assert.Multiple(() =>
        {
            Assert.That(metadata.GetProperty("name").GetString(), Is.EqualTo(_name));
            Assert.That(metadata.GetProperty("inputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()),
                Is.EqualTo(new long[] { -1, 3, 28, 28 }));
            Assert.That(metadata.GetProperty("outputs")[0].GetProperty("datatype").GetString(), Is.EqualTo("FP32"));
            Assert.That(ready.GetProperty("ready").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task Infer_Fp32Tensor_AnswersProbabilitiesAndLabels()
    {
        var request = new
        {
            id = "req-1",
            inputs = new[] { new { name = "input", shape = new[] { 2, 3, 28, 28 }, datatype = "FP32", data = new float[2 * 3 * 28 * 28] } },
        };

        using HttpResponseMessage response = await Client.PostAsJsonAsync($"/v2/models/{_name}/infer", request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        JsonElement answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        JsonElement probabilities = answer.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "probabilities");
        JsonElement labels = answer.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "label");
        Assert.Multiple(() =>
        {
            Assert.That(answer.GetProperty("id").GetString(), Is.EqualTo("req-1"));
            Assert.That(answer.GetProperty("model_name").GetString(), Is.EqualTo(_name));
            Assert.That(probabilities.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()), Is.EqualTo(new[] { 2, 3 }));
            Assert.That(probabilities.GetProperty("data").GetArrayLength(), Is.EqualTo(6));
            Assert.That(labels.GetProperty("data").EnumerateArray().Select(l => l.GetString()),
                Is.All.AnyOf("rock", "paper", "scissors"));
        });
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Infer_BytesInput_MatchesPredictRoute()
    {
        byte[] photo = ServingModels.Photo(12);
        var request = new
        {
            inputs = new[] { new { name = "image", shape = new[] { 1 }, datatype = "BYTES", data = new[] { Convert.ToBase64String(photo) } } },
            outputs = new[] { new { name = "label" } },
        };

        using HttpResponseMessage response = await Client.PostAsJsonAsync($"/v2/models/{_name}/infer", request);
        using HttpResponseMessage predict = await Client.PostAsync("/predict", ServingModels.Png(photo));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        JsonElement outputs = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outputs");
        Assert.That(outputs.GetArrayLength(), Is.EqualTo(1), "only the output asked for");
        Assert.That(outputs[0].GetProperty("data")[0].GetString(),
            Is.EqualTo((await predict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("label").GetString()));
    }

    [TestCase("{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 3, 28, 28], \"datatype\": \"INT64\", \"data\": [1]}]}", "datatype")]
    [TestCase("{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 3, 8, 8], \"datatype\": \"FP32\", \"data\": [1]}]}", "expected [N, 3, 28, 28]")]
    [TestCase("{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 3, 28, 28], \"datatype\": \"FP32\", \"data\": [1, 2]}]}", "needs 2352")]
    [TestCase("{\"inputs\": [{\"name\": \"image\", \"shape\": [2], \"datatype\": \"BYTES\", \"data\": [\"aGVsbG8=\"]}]}", "shape says 2")]
    [TestCase("{\"inputs\": []}", "exactly one input")]
    [TestCase("{\"inputs\": [{\"name\": \"image\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"aGVsbG8=\"]}], \"outputs\": [{\"name\": \"x\"}]}", "Unknown output")]
    [TestCase("not json", "not a valid inference request")]
    public async Task Infer_BadRequest_Is400WithErrorField(string body, string expected)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Client.PostAsync($"/v2/models/{_name}/infer", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await TfServingEndpointsTests.ErrorAsync(response), Does.Contain(expected));
    }

    [Test]
    public async Task ModelRoutes_UnknownModel_Are404WithErrorField()
    {
        using HttpResponseMessage metadata = await Client.GetAsync("/v2/models/nope");
        using HttpResponseMessage infer = await Client.PostAsJsonAsync("/v2/models/nope/infer", new { inputs = Array.Empty<object>() });

        Assert.That(metadata.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(infer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await TfServingEndpointsTests.ErrorAsync(infer), Does.Contain("nope"));
    }
}
