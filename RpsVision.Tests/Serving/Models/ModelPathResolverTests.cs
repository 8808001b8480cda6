using RpsVision.Serving.Models;

namespace RpsVision.Tests.Serving.Models;

[TestFixture]
public sealed class ModelPathResolverTests
{
    private string _root = null!;

    [SetUp]
    public void CreateTree()
    {
        _root = Path.Combine(Path.GetTempPath(), "rpsvision-resolver", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_root, "RpsVision.Serving"));
        File.WriteAllText(Path.Combine(_root, ModelPathResolver.SolutionFileName), "");
    }

    [TearDown]
    public void DeleteTree() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Resolve_AbsolutePath_IsKept()
    {
        Assert.That(ModelPathResolver.Resolve("/models/model.onnx", _root), Is.EqualTo("/models/model.onnx"));
    }

    [Test]
    public void Resolve_RelativePathFromProjectFolder_GoesToRepositoryRoot()
    {
        string resolved = ModelPathResolver.Resolve("runs/latest/model.onnx", Path.Combine(_root, "RpsVision.Serving"));

        Assert.That(resolved, Is.EqualTo(Path.Combine(_root, "runs", "latest", "model.onnx")));
    }

    [Test]
    public void Resolve_FileUnderContentRoot_WinsOverRepositoryRoot()
    {
        string contentRoot = Path.Combine(_root, "RpsVision.Serving");
        Directory.CreateDirectory(Path.Combine(contentRoot, "models"));
        File.WriteAllText(Path.Combine(contentRoot, "models", "m.onnx"), "");

        Assert.That(ModelPathResolver.Resolve("models/m.onnx", contentRoot), Is.EqualTo(Path.Combine(contentRoot, "models", "m.onnx")));
    }
}
