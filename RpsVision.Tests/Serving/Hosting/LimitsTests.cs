using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RpsVision.Serving.Hosting;
using RpsVision.Tests.Serving.Endpoints;

namespace RpsVision.Tests.Serving.Hosting;

/// <summary>Over real HTTP (Kestrel): the in-memory server sees a request only once its whole body is sent.</summary>
[TestFixture]
public sealed class LimitsTests
{
    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Predict_PastConcurrencyAndQueue_Is503WithRetryAfter()
    {
        using var host = new ServingTestHost(new Dictionary<string, string?>
        {
            ["Serving:MaxConcurrentRequests"] = "1",
            ["Serving:QueueLimit"] = "0",
            ["Serving:RetryAfterSeconds"] = "7",
        });
        using HttpClient client = await host.CreateKestrelClientAsync();
        (Task<HttpResponseMessage> holding, GatedStream body) = await HoldTheOnlySlotAsync(host, client);
        using HttpResponseMessage rejected = await client.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(1)));
        body.Open();
        using HttpResponseMessage held = await holding;

        Assert.Multiple(async () =>
        {
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(rejected.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(rejected.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(held.StatusCode, Is.EqualTo(HttpStatusCode.OK), await held.Content.ReadAsStringAsync());
        });
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task ProtocolRoute_PastConcurrency_Is503InProtocolShape()
    {
        using var host = new ServingTestHost(new Dictionary<string, string?>
        {
            ["Serving:MaxConcurrentRequests"] = "1",
            ["Serving:QueueLimit"] = "0",
        });
        using HttpClient client = await host.CreateKestrelClientAsync();
        (Task<HttpResponseMessage> holding, GatedStream body) = await HoldTheOnlySlotAsync(host, client);

        using var json = new StringContent("{\"inputs\": []}", System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage rejected = await client.PostAsync("/v2/models/rps-cnn/infer", json);
        body.Open();
        (await holding).Dispose();

        Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await TfServingEndpointsTests.ErrorAsync(rejected), Does.Contain("Serving:QueueLimit"));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Predict_BodySlowerThanTimeout_Is504Problem()
    {
        using var host = new ServingTestHost(new Dictionary<string, string?> { ["Serving:RequestTimeout"] = "00:00:00.3" });
        using HttpClient client = await host.CreateKestrelClientAsync();
        var body = new GatedStream(ServingModels.Photo(0));

        // The client returns the answer only once it has sent the body, so the rest goes out well after the timeout.
        Task late = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ => body.Open(), TaskScheduler.Default);
        using HttpResponseMessage response = await client.PostAsync("/predict", body.ToPngContent());
        await late;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.GatewayTimeout));
        JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Serving:RequestTimeout"));
    }

    /// <summary>
    /// Starts a <c>POST /predict</c> whose body stops short of its end, so that it holds the only permit until
    /// <see cref="GatedStream.Open"/>; returns once the server has taken the permit.
    /// </summary>
    private static async Task<(Task<HttpResponseMessage> Holding, GatedStream Body)> HoldTheOnlySlotAsync(
        ServingTestHost host, HttpClient client)
    {
        var concurrency = host.Services.GetRequiredService<InferenceConcurrency>();
        var body = new GatedStream(ServingModels.Photo(0));
        Task<HttpResponseMessage> holding = client.PostAsync("/predict", body.ToPngContent());
        await Eventually.HoldsAsync(() => holding.IsCompleted || concurrency.Running == 1, "the server takes the only permit");
        Assert.That(holding.IsCompleted, Is.False, "the held request waits for the rest of its body");
        return (holding, body);
    }

    /// <summary>
    /// A body that sends all but its last bytes (enough to fill the client's buffers, so the server sees the
    /// request), then waits until <see cref="Open"/> before sending the rest.
    /// </summary>
    private sealed class GatedStream(byte[] data) : Stream
    {
        private const int HeldBack = 100;
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;

        public void Open() => _open.TrySetResult();

        /// <summary>This stream as an <c>image/png</c> request body.</summary>
        public StreamContent ToPngContent()
        {
            var content = new StreamContent(this);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            return content;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int gate = data.Length - HeldBack;
            if (_position >= gate && !_open.Task.IsCompleted)
            {
                await _open.Task.WaitAsync(cancellationToken);
            }
            int end = _open.Task.IsCompleted ? data.Length : gate;
            int count = Math.Min(buffer.Length, end - _position);
            data.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
