using System.Net;
using System.Text.RegularExpressions;

namespace RpsVision.Tests.Serving.Hosting;

/// <summary>The page's scripts are native ES modules: browsers run a module only if it is served as JavaScript.</summary>
[TestFixture]
public sealed partial class StaticFilesTests
{
    [Category(TestCategories.SharedData)]
    [Test]
    public async Task GetModule_EveryModuleThePageImports_IsServedAsJavaScriptWithoutAPolicyBlockingIt()
    {
        using var host = new ServingTestHost();
        using HttpClient client = host.CreateClient();
        string page = await client.GetStringAsync("/");
        Assert.That(page, Does.Contain("<script type=\"module\" src=\"app.js\"></script>"));

        var seen = new HashSet<string>();
        var pending = new Queue<string>(["app.js"]);
        while (pending.TryDequeue(out string? module))
        {
            if (!seen.Add(module))
            {
                continue;
            }
            using HttpResponseMessage response = await client.GetAsync("/" + module);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), module);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"), module);
            Assert.That(response.Headers.Contains("Content-Security-Policy"), Is.False, module);
            string source = await response.Content.ReadAsStringAsync();
            foreach (Match import in ImportPath().Matches(source))
            {
                pending.Enqueue(import.Groups["path"].Value);
            }
        }
        Assert.That(seen, Is.SupersetOf(new[] { "api.js", "camera.js", "view.js", "classify.js", "play.js", "teach.js", "zip.js" }));
    }

    /// <summary>A static import of a module beside the importing one (<c>from "./name.js"</c>): no other origin.</summary>
    [GeneratedRegex("""from "\./(?<path>[a-z]+\.js)";""")]
    private static partial Regex ImportPath();
}
