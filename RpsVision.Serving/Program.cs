using RpsVision.Serving.Hosting;

// The serving host: options, model and services in AddServing; middleware and endpoint groups in UseServing.
var builder = WebApplication.CreateBuilder(args);
builder.AddServing();

var app = builder.Build();
app.UseServing();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
