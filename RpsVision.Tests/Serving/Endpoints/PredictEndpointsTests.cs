using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace RpsVision.Tests.Serving.Endpoints;

[TestFixture]
public sealed class PredictEndpointsTests : ServingHostFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Serving:MaxRequestBodyBytes"] = "200000" };

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Predict_RealPhoto_AnswersLabelIndexProbabilitiesAndModel()
    {
        using HttpResponseMessage response = await Client.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(0)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = json.RootElement;
        string label = root.GetProperty("label").GetString()!;
        int index = root.GetProperty("index").GetInt32();
        var probabilities = root.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetSingle());
        Assert.Multiple(() =>
        {
            Assert.That(probabilities.Keys, Is.EqualTo(new[] { "rock", "paper", "scissors" }));
            Assert.That(probabilities.Values.Sum(), Is.EqualTo(1f).Within(1e-4));
            Assert.That(probabilities.Keys.ElementAt(index), Is.EqualTo(label));
            Assert.That(probabilities[label], Is.EqualTo(probabilities.Values.Max()));
            Assert.That(root.GetProperty("model").GetProperty("name").GetString(), Is.Not.Empty);
            Assert.That(root.GetProperty("model").GetProperty("version").GetString(), Is.Not.Empty);
            Assert.That(root.GetProperty("model").GetProperty("input_size").GetInt32(), Is.EqualTo(28));
            Assert.That(root.GetProperty("elapsed_ms").GetDouble(), Is.GreaterThan(0));
        });
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Predict_MultipartWithImageFile_AnswersSameAsRawBody()
    {
        byte[] photo = ServingModels.Photo(3);
        using var form = new MultipartFormDataContent();
        form.Add(ServingModels.Png(photo), "image", "photo.png");

        using HttpResponseMessage multipart = await Client.PostAsync("/predict", form);
        using HttpResponseMessage raw = await Client.PostAsync("/predict", ServingModels.Png(photo));

        Assert.That(multipart.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Probabilities(await multipart.Content.ReadAsStringAsync()),
            Is.EqualTo(Probabilities(await raw.Content.ReadAsStringAsync())));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Predict_OctetStreamJpeg_IsAccepted()
    {
        using var image = Image.Load<Rgba32>(ServingModels.Photo(5));
        using var jpeg = new MemoryStream();
        image.SaveAsJpeg(jpeg);
        var content = new ByteArrayContent(jpeg.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using HttpResponseMessage response = await Client.PostAsync("/predict", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Predict_EmptyBody_Is400ProblemWithReasonEmpty()
    {
        await AssertProblemAsync(ServingModels.Png([]), HttpStatusCode.BadRequest, "Empty");
    }

    [Test]
    public async Task Predict_NotAnImage_Is400ProblemWithReasonNotAnImage()
    {
        await AssertProblemAsync(ServingModels.Png("this is text, not a picture"u8.ToArray()), HttpStatusCode.BadRequest, "NotAnImage");
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Predict_TruncatedPng_Is400ProblemWithReasonCorrupt()
    {
        byte[] photo = ServingModels.Photo(1);
        await AssertProblemAsync(ServingModels.Png(photo[..(photo.Length / 2)]), HttpStatusCode.BadRequest, "Corrupt");
    }

    [Test]
    public async Task Predict_DimensionBomb_Is400ProblemWithReasonTooLargeAndNotDecoded()
    {
        byte[] bomb = PngClaiming(50_000, 50_000);
        Assert.That(bomb, Has.Length.LessThan(200), "a small file that claims 2.5 gigapixels");

        await AssertProblemAsync(ServingModels.Png(bomb), HttpStatusCode.BadRequest, "TooLarge");
    }

    [Test]
    public async Task Predict_BodyOverLimit_Is413Problem()
    {
        var big = new byte[250_000];
        await AssertProblemAsync(ServingModels.Png(big), HttpStatusCode.RequestEntityTooLarge, reason: null);
    }

    [Test]
    public async Task Predict_ChunkedBodyOverLimit_Is413Problem()
    {
        var content = new StreamContent(new NonSeekableStream(new byte[250_000]));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        Assert.That(content.Headers.ContentLength, Is.Null, "no Content-Length: the limit is enforced while reading");

        await AssertProblemAsync(content, HttpStatusCode.RequestEntityTooLarge, reason: null);
    }

    [Category(TestCategories.SharedData)]
    [TestCase("text/plain")]
    [TestCase("application/json")]
    [TestCase(null)]
    public async Task Predict_WrongContentType_Is415Problem(string? contentType)
    {
        var content = new ByteArrayContent(ServingModels.Photo(2));
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        JsonElement problem = await AssertProblemAsync(content, HttpStatusCode.UnsupportedMediaType, reason: null);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("image/png"));
    }

    [Test]
    public async Task Predict_MultipartWithoutFile_Is400Problem()
    {
        using var form = new MultipartFormDataContent { { new StringContent("no file here"), "comment" } };

        JsonElement problem = await AssertProblemAsync(form, HttpStatusCode.BadRequest, reason: null);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("no file"));
    }

    [Test]
    public async Task Predict_Errors_CarryNoStackTrace()
    {
        using HttpResponseMessage response = await Client.PostAsync("/predict", ServingModels.Png([1, 2, 3]));
        string body = await response.Content.ReadAsStringAsync();

        Assert.That(body, Does.Not.Contain(" at RpsVision").And.Not.Contain("Exception"));
    }

    [Test]
    public async Task GetModel_AnswersLabelsAndInputSize()
    {
        var model = await Client.GetFromJsonAsync<JsonElement>("/model");

        Assert.That(model.GetProperty("labels").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "rock", "paper", "scissors" }));
        Assert.That(model.GetProperty("input_size").GetInt32(), Is.EqualTo(28));
        Assert.That(model.GetProperty("real_photo_accuracy").ValueKind, Is.EqualTo(JsonValueKind.Null), "the test model was not measured on photos");
        Assert.That(model.GetProperty("real_photo_set").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task UnknownRoute_Is404Problem()
    {
        using HttpResponseMessage response = await Client.GetAsync("/no/such/route");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    private async Task<JsonElement> AssertProblemAsync(HttpContent content, HttpStatusCode status, string? reason)
    {
        using HttpResponseMessage response = await Client.PostAsync("/predict", content);
        string body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        JsonElement problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        if (reason is not null)
        {
            Assert.That(problem.GetProperty("reason").GetString(), Is.EqualTo(reason));
        }
        return problem;
    }

    private static float[] Probabilities(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("probabilities").EnumerateObject().Select(p => p.Value.GetSingle()).ToArray();

    /// <summary>A valid PNG signature and IHDR claiming <paramref name="width"/> x <paramref name="height"/>, with a tiny IDAT.</summary>
    internal static byte[] PngClaiming(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        WriteChunk(png, "IHDR", header);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[64]);
        }
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }

    /// <summary>A stream whose length is unknown, so the body is sent chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
