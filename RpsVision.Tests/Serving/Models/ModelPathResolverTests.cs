using System.Text.Json;
using Microsoft.Extensions.Configuration;
using RpsVision.Serving.Models;

namespace RpsVision.Tests.Serving.Models;

[TestFixture]
public sealed class ModelPathResolverTests
{
    private static readonly string ContentRoot = Path.Combine(Path.GetTempPath(), "app", "content");

    [Test]
    public void Resolve_AbsolutePath_IsKept()
    {
        Assert.That(ModelPathResolver.Resolve("/models/model.onnx", ContentRoot), Is.EqualTo("/models/model.onnx"));
    }

    [Test]
    public void Resolve_RelativePath_IsUnderTheContentRootEvenWhenMissing()
    {
        Assert.That(ModelPathResolver.Resolve("runs/latest/model.onnx", ContentRoot),
            Is.EqualTo(Path.Combine(ContentRoot, "runs", "latest", "model.onnx")));
    }

    [Test]
    public void Resolve_ParentRelativePath_IsNormalised()
    {
        Assert.That(ModelPathResolver.Resolve("../runs/latest/model.onnx", ContentRoot),
            Is.EqualTo(Path.Combine(Path.GetTempPath(), "app", "runs", "latest", "model.onnx")));
    }

    /// <summary>`dotnet run --project RpsVision.Serving` runs in Development with the project folder as content root.</summary>
    [Test]
    public void DevelopmentSettings_UnderDotnetRun_ServeTheRepositorysLatestRun()
    {
        string project = Path.Combine(RepositoryRoot(), "RpsVision.Serving");
        var configuration = new ConfigurationBuilder().SetBasePath(project)
            .AddJsonFile("appsettings.json").AddJsonFile("appsettings.Development.json").Build();
        using var launch = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "Properties", "launchSettings.json")));
        var profile = launch.RootElement.GetProperty("profiles").EnumerateObject().First().Value;

        Assert.That(profile.GetProperty("commandName").GetString(), Is.EqualTo("Project"));
        Assert.That(profile.GetProperty("environmentVariables").GetProperty("ASPNETCORE_ENVIRONMENT").GetString(), Is.EqualTo("Development"));
        Assert.That(ModelPathResolver.Resolve(configuration["Model:Path"]!, project),
            Is.EqualTo(Path.Combine(RepositoryRoot(), "runs", "latest", "model.onnx")));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RpsVision.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No RpsVision.sln above {AppContext.BaseDirectory}.");
    }
}
