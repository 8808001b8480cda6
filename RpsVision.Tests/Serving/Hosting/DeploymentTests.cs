extern alias serving;

using System.Net;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace RpsVision.Tests.Serving.Hosting;

/// <summary>No Docker engine or cluster runs here: these read the deployment files and check them against the host.</summary>
[TestFixture]
public sealed class DeploymentTests
{
    private static readonly string Root = FindRepositoryRoot();

    [Test]
    public async Task KubernetesProbes_NameRoutesThatAnswer200WhenReady()
    {
        YamlMappingNode container = Container(Documents("k8s/deployment.yaml").Single(d => Kind(d) == "Deployment"));
        var probes = new[] { "startupProbe", "readinessProbe", "livenessProbe" }
            .ToDictionary(p => p, p => Scalar(container, p, "httpGet", "path"));
        using var host = new ServingTestHost();
        using HttpClient client = await host.CreateReadyClientAsync();

        Assert.That(probes["livenessProbe"], Is.EqualTo("/v2/health/live"));
        Assert.That(probes["readinessProbe"], Is.EqualTo("/v2/health/ready"));
        foreach ((string probe, string path) in probes)
        {
            using HttpResponseMessage response = await client.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{probe} {path}");
        }
    }

    [Test]
    public void KubernetesDeployment_HasResourceRequestsPortAndNonRootUser()
    {
        YamlMappingNode deployment = Documents("k8s/deployment.yaml").Single(d => Kind(d) == "Deployment");
        YamlMappingNode container = Container(deployment);

        Assert.Multiple(() =>
        {
            Assert.That(Scalar(container, "resources", "requests", "cpu"), Is.Not.Empty);
            Assert.That(Scalar(container, "resources", "requests", "memory"), Is.Not.Empty);
            Assert.That(Scalar(container, "ports", "0", "containerPort"), Is.EqualTo("8080"));
            Assert.That(Scalar(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"), Is.EqualTo("true"));
        });
    }

    [Test]
    public void KubernetesServiceAndAutoscaler_TargetTheDeployment()
    {
        YamlMappingNode deployment = Documents("k8s/deployment.yaml").Single(d => Kind(d) == "Deployment");
        YamlMappingNode service = Documents("k8s/service.yaml").Single(d => Kind(d) == "Service");
        YamlMappingNode hpa = Documents("k8s/hpa.yaml").Single(d => Kind(d) == "HorizontalPodAutoscaler");
        string name = Scalar(deployment, "metadata", "name");

        Assert.Multiple(() =>
        {
            Assert.That(Scalar(hpa, "spec", "scaleTargetRef", "name"), Is.EqualTo(name));
            Assert.That(Scalar(hpa, "spec", "scaleTargetRef", "kind"), Is.EqualTo("Deployment"));
            Assert.That(Scalar(service, "spec", "selector", "app.kubernetes.io/name"),
                Is.EqualTo(Scalar(deployment, "spec", "template", "metadata", "labels", "app.kubernetes.io/name")));
            Assert.That(Scalar(service, "spec", "ports", "0", "targetPort"), Is.EqualTo("http"));
        });
    }

    [Test]
    public void Compose_HasServingAndATrainingProfile()
    {
        YamlMappingNode services = (YamlMappingNode)Documents("docker-compose.yml").Single()["services"];

        Assert.That(Scalar(services, "serving", "ports", "0"), Does.EndWith(":8080"));
        Assert.That(Scalar(services, "training", "profiles", "0"), Is.EqualTo("training"));
    }

    [Test]
    public void Compose_TrainingOffline_BindMountsADataFolderAndPointsDataDirAtIt()
    {
        YamlMappingNode services = (YamlMappingNode)Documents("docker-compose.yml").Single()["services"];

        Assert.That(Scalar(services, "training-offline", "profiles", "0"), Is.EqualTo("training"));
        string[] command = Values(Node(services, "training-offline", "command")).ToArray();
        Assert.That(command, Does.Contain("--offline"));
        string dataDir = command[Array.IndexOf(command, "--data-dir") + 1];
        Assert.That(Values(Node(services, "training-offline", "volumes")), Has.Some.EndsWith($":{dataDir}:ro"));
    }

    [Test]
    public void ServingDocs_ProtocolExamples_NameTheModelTheJobExports()
    {
        string name = new RpsVision.Core.Inference.ModelMetadata { RunId = "r", Labels = ["a"], Preprocessing = new() { InputSize = 28 } }.ModelName;

        foreach (string page in new[] { "README.md", "docs/SERVING.md" })
        {
            string text = File.ReadAllText(Path.Combine(Root, page));
            Assert.That(text, Does.Contain($"/v1/models/{name}:predict").And.Contain($"/v2/models/{name}/infer"), page);
            Assert.That(text, Does.Contain($"`{name}`"), $"{page} says what the name is");
        }
    }

    [Test]
    public void DeploymentDocs_Kind_CreatesTheClusterReachesTheServiceAndInstallsMetricsServer()
    {
        string page = File.ReadAllText(Path.Combine(Root, "docs", "DEPLOYMENT.md"));
        YamlMappingNode service = Documents("k8s/service.yaml").Single(d => Kind(d) == "Service");
        string name = Scalar(service, "metadata", "name"), port = Scalar(service, "spec", "ports", "0", "port");

        Assert.That(page, Does.Contain("kind create cluster"));
        Assert.That(page, Does.Contain($"kubectl port-forward service/{name} 8080:{port}"));
        Assert.That(page, Does.Contain("metrics-server"));
        Assert.That(Documents("k8s/hpa.yaml").Select(Kind), Does.Contain("HorizontalPodAutoscaler"), "the metrics-server note is for this");
    }

    [Test]
    public void PackageReadme_SaysWhereThePackageComesFrom()
    {
        string readme = File.ReadAllText(Path.Combine(Root, "RpsVision.Core", "README.md"));

        Assert.That(readme, Does.Contain("dotnet add package RpsVision.Core --source").And.Contain("artifacts/packages"));
    }

    [Test]
    public void CiSample_RemovesItsTemporaryFolderOnExit()
    {
        string script = File.ReadAllText(Path.Combine(Root, ".ci", "sample"));

        Assert.That(script, Does.Match(@"trap 'rm -rf ""\$work""' EXIT"));
    }

    [Test]
    public void DeploymentFiles_NeitherExposeNorMoveTheManagementAddress()
    {
        YamlMappingNode container = Container(Documents("k8s/deployment.yaml").Single(d => Kind(d) == "Deployment"));
        YamlMappingNode service = Documents("k8s/service.yaml").Single(d => Kind(d) == "Service");
        YamlMappingNode serving = (YamlMappingNode)((YamlMappingNode)Documents("docker-compose.yml").Single()["services"])["serving"];
        string management = new serving::RpsVision.Serving.Hosting.ManagementOptions().Urls!;
        string port = new Uri(management).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(management, Does.StartWith("http://127.0.0.1:"), "loopback only, by default");
        Assert.That(Values(Node(container, "ports")), Has.None.EqualTo(port));
        Assert.That(Values(Node(service, "spec", "ports")), Has.None.EqualTo(port));
        Assert.That(Values(Node(serving, "ports")), Has.None.Contains(port));
        Assert.That(Values(Node(container, "env")).Concat(Values(Node(serving, "environment"))), Has.None.StartsWith("Management"));
        string[] dockerfile = File.ReadAllLines(Path.Combine(Root, "Dockerfile")).Where(line => !line.TrimStart().StartsWith('#')).ToArray();
        Assert.That(dockerfile, Has.None.Contains("EXPOSE " + port).And.None.Contains("Management__"));
    }

    [Test]
    public void Dockerfile_RunsAsNonRootOnTheAspNetImage()
    {
        string dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));

        Assert.That(dockerfile, Does.Contain("FROM mcr.microsoft.com/dotnet/aspnet:"));
        Assert.That(dockerfile, Does.Contain("USER $APP_UID"));
        Assert.That(dockerfile, Does.Contain("EXPOSE 8080"));
    }

    [Test]
    public void ServingHost_DependsOnNoTorchNorChartLibrary()
    {
        // The serving host's dependency manifest (copied next to the tests by Mvc.Testing) lists what a publish copies.
        string depsFile = Path.Combine(AppContext.BaseDirectory, "RpsVision.Serving.deps.json");
        using JsonDocument deps = JsonDocument.Parse(File.ReadAllText(depsFile));
        JsonElement target = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value;

        var packages = target.EnumerateObject().Select(p => p.Name).ToArray();
        var nativeAssets = Assets(target, "runtimeTargets").Concat(Assets(target, "native")).ToArray();
        var managedAssets = Assets(target, "runtime").Select(Path.GetFileName).ToArray();

        Assert.That(packages, Has.None.StartsWith("libtorch").And.None.StartsWith("TorchSharp-cuda"));
        Assert.That(nativeAssets, Has.None.Contains("torch").IgnoreCase);
        // The report charts' libraries (training only): SkiaSharp and HarfBuzz natives, and ScottPlot itself.
        Assert.That(nativeAssets, Has.None.Contains("SkiaSharp").IgnoreCase.And.None.Contains("HarfBuzz").IgnoreCase);
        Assert.That(managedAssets, Has.None.StartsWith("ScottPlot").And.None.StartsWith("SkiaSharp").And.None.StartsWith("HarfBuzzSharp"));
        Assert.That(nativeAssets, Has.Some.Contains("onnxruntime"), "the check sees native assets at all");
        Assert.That(managedAssets, Has.Some.EqualTo("SixLabors.ImageSharp.dll"), "the check sees managed assets at all");
    }

    /// <summary>The file names listed under <paramref name="kind"/> ("runtime", "native", "runtimeTargets") of every package.</summary>
    private static IEnumerable<string> Assets(JsonElement target, string kind) =>
        target.EnumerateObject()
            .Where(package => package.Value.TryGetProperty(kind, out _))
            .SelectMany(package => package.Value.GetProperty(kind).EnumerateObject().Select(asset => asset.Name));

    private static string FindRepositoryRoot()
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

    private static IReadOnlyList<YamlMappingNode> Documents(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, relativePath));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToArray();
    }

    /// <summary>Every key and scalar value under <paramref name="node"/>, at any depth.</summary>
    private static IEnumerable<string> Values(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode sequence => sequence.SelectMany(Values),
        YamlMappingNode mapping => mapping.SelectMany(pair => Values(pair.Key).Concat(Values(pair.Value))),
        _ => [],
    };

    private static string Kind(YamlMappingNode document) => Scalar(document, "kind");

    private static YamlMappingNode Container(YamlMappingNode deployment) =>
        (YamlMappingNode)((YamlSequenceNode)Node(deployment, "spec", "template", "spec", "containers"))[0];

    private static string Scalar(YamlNode node, params string[] path) => ((YamlScalarNode)Node(node, path)).Value!;

    private static YamlNode Node(YamlNode node, params string[] path)
    {
        foreach (string step in path)
        {
            node = node is YamlSequenceNode sequence ? sequence[int.Parse(step)] : ((YamlMappingNode)node)[step];
        }
        return node;
    }
}
