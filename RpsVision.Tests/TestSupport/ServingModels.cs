using System.Net.Http.Headers;

namespace RpsVision.Tests.TestSupport;

/// <summary>Random-weight models exported once for all serving tests, and the real photos.</summary>
internal static class ServingModels
{
    private static readonly Lazy<(string A, string B)> Models = new(() =>
    {
        string directory = Path.Combine(Path.GetTempPath(), "rpsvision-serving-models", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return (TestModels.CreateOnnxModel(directory, seed: 1, fileName: "model-a.onnx"),
                TestModels.CreateOnnxModel(directory, seed: 2, fileName: "model-b.onnx"));
    });

    /// <summary>A model with seed 1.</summary>
    public static string ModelA => Models.Value.A;

    /// <summary>The same architecture with other weights (seed 2): its probabilities differ.</summary>
    public static string ModelB => Models.Value.B;

    // Read on first use, so that a test that needs no photo runs without ../shared/data.
    private static readonly Lazy<IReadOnlyList<string>> PhotoFiles = new(() => SharedData.Images(SharedData.Photos, perClass: 8));

    /// <summary>The 24 real photos (300x200 PNG), rock, paper and scissors, from ../shared/data/photos.</summary>
    public static IReadOnlyList<string> Photos => PhotoFiles.Value;

    public static byte[] Photo(int index = 0) => File.ReadAllBytes(Photos[index % Photos.Count]);

    public static ByteArrayContent Png(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }
}
