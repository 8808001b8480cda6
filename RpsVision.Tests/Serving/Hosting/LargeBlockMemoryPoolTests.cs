using System.Buffers;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using RpsVision.Serving.Hosting;

namespace RpsVision.Tests.Serving.Hosting;

public sealed class LargeBlockMemoryPoolTests
{
    private const int BlockBytes = 64 * 1024;

    [Test]
    public void Rent_SmallerSize_GivesAWholeBlock()
    {
        using var pool = new LargeBlockMemoryPool(BlockBytes);

        using IMemoryOwner<byte> block = pool.Rent(2048);

        Assert.That(block.Memory.Length, Is.EqualTo(BlockBytes));
        Assert.That(pool.MaxBufferSize, Is.EqualTo(BlockBytes));
    }

    [Test]
    public void Rent_AfterReturn_ReusesTheArray()
    {
        using var pool = new LargeBlockMemoryPool(BlockBytes);
        IMemoryOwner<byte> first = pool.Rent();
        byte[] array = ArrayOf(first);

        first.Dispose();
        first.Dispose(); // returned once, not twice
        using IMemoryOwner<byte> second = pool.Rent();
        using IMemoryOwner<byte> third = pool.Rent();

        Assert.That(ArrayOf(second), Is.SameAs(array));
        Assert.That(ArrayOf(third), Is.Not.SameAs(array));
        Assert.Throws<ObjectDisposedException>(() => _ = first.Memory);
    }

    [Test]
    public void Return_PastTheRetainedBytes_LetsTheBlockGo()
    {
        int blockBytes = LargeBlockMemoryPool.RetainedBytes / 2; // two blocks are kept at most
        using var pool = new LargeBlockMemoryPool(blockBytes);
        IMemoryOwner<byte>[] blocks = [pool.Rent(), pool.Rent(), pool.Rent()];
        byte[][] arrays = blocks.Select(ArrayOf).ToArray();

        foreach (IMemoryOwner<byte> block in blocks)
        {
            block.Dispose();
        }
        byte[][] reused = Enumerable.Range(0, 3).Select(_ => ArrayOf(pool.Rent())).ToArray();

        Assert.That(reused.Count(r => arrays.Contains(r)), Is.EqualTo(2));
    }

    [Test]
    public void Rent_LargerThanABlock_OrAfterDispose_Throws()
    {
        var pool = new LargeBlockMemoryPool(BlockBytes);

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(BlockBytes + 1));
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public async Task Host_BuiltAsProgramBuildsIt_ReceivesIntoTheConfiguredBlocks()
    {
        // The photo (about 80 KB) spans six 16 KiB blocks.
        await using WebApplication app = await ServingTestHost.StartLikeProgramAsync(new Dictionary<string, string?>
        {
            ["Model:Path"] = ServingModels.ModelA,
            ["Serving:ReceiveBlockBytes"] = "16384",
        });
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        await ServingTestHost.WaitUntilReadyAsync(client);

        using HttpResponseMessage response = await client.PostAsync("/predict", ServingModels.Png(ServingModels.Photo(0)));

        var factory = app.Services.GetRequiredService<IMemoryPoolFactory<byte>>() as LargeBlockMemoryPoolFactory;
        Assert.That(factory, Is.Not.Null, "Program's composition resolves our factory, not Kestrel's");
        Assert.That(factory!.Created, Is.GreaterThanOrEqualTo(1), "Kestrel made its pool with our factory");
        using MemoryPool<byte> pool = factory.Create();
        Assert.That(pool.MaxBufferSize, Is.EqualTo(16384));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await app.StopAsync();
    }

    private static byte[] ArrayOf(IMemoryOwner<byte> block) =>
        MemoryMarshal.TryGetArray<byte>(block.Memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");
}
