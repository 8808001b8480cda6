var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/v2/health/live", () => Results.Ok());
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
