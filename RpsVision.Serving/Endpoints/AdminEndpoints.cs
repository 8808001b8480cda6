using Microsoft.AspNetCore.Http.HttpResults;
using RpsVision.Serving.Contracts;
using RpsVision.Serving.Models;

namespace RpsVision.Serving.Endpoints;

/// <summary>
/// Management routes, which change the server's state: <c>POST /admin/reload</c>. Mapped only on the management
/// address (<see cref="Hosting.ManagementServer"/>), never on the public one.
/// </summary>
internal static class AdminEndpoints
{
    public const string Tag = "Admin";

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/admin/reload", Reload)
            .WithName("ReloadModel")
            .WithSummary("Load the model file again and swap it in; requests in flight finish on the old model")
            .WithDescription("A file that fails to load is refused (422) and the current model keeps serving.")
            .WithTags(Tag);
        return routes;
    }

    internal static async Task<Results<Ok<ReloadResponse>, ProblemHttpResult>> Reload(ModelHost host, CancellationToken cancellationToken)
    {
        ModelLoadResult result = await host.ReloadAsync(force: true, "reload request", cancellationToken);
        if (result.Succeeded && result.Current is { } model)
        {
            return TypedResults.Ok(new ReloadResponse(result.Changed, ModelSummary.Of(model), model.LoadedAt));
        }
        var extensions = new Dictionary<string, object?>
        {
            ["serving"] = result.Current is { } current ? ModelSummary.Of(current) : null,
        };
        return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Model refused",
            detail: $"{result.Error} The model that was serving keeps serving.", extensions: extensions);
    }
}
