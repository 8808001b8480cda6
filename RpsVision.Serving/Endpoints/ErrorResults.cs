using Microsoft.AspNetCore.Http.HttpResults;
using RpsVision.Core.Preprocessing;
using RpsVision.Serving.Contracts;
using RpsVision.Serving.Requests;

namespace RpsVision.Serving.Endpoints;

/// <summary>
/// The two error shapes: RFC 7807 problem details on our own routes, <c>{"error": "..."}</c> on the TF Serving
/// (<c>/v1</c>) and KServe (<c>/v2</c>) routes, as those protocols define.
/// </summary>
internal static class ErrorResults
{
    public static bool IsProtocolPath(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/v2", StringComparison.OrdinalIgnoreCase);

    /// <summary>Status for an image Core refused: an unaccepted format is 415, anything else 400.</summary>
    public static int StatusFor(InvalidImageReason reason) =>
        reason == InvalidImageReason.UnsupportedFormat ? StatusCodes.Status415UnsupportedMediaType : StatusCodes.Status400BadRequest;

    public static ProblemHttpResult Problem(RequestRefusedException e) =>
        TypedResults.Problem(statusCode: e.StatusCode, title: e.Title, detail: e.Message);

    public static ProblemHttpResult Problem(InvalidImageException e) =>
        TypedResults.Problem(statusCode: StatusFor(e.Reason), title: "Invalid image", detail: e.Message,
            extensions: new Dictionary<string, object?> { ["reason"] = e.Reason.ToString() });

    public static ProblemHttpResult ModelNotReady(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Model not loaded",
            detail: "No model is loaded yet; see /v2/health/ready and the server log (Model:Path).");
    }

    public static JsonHttpResult<ProtocolError> Protocol(int status, string message) =>
        TypedResults.Json(new ProtocolError(message), statusCode: status);

    public static JsonHttpResult<ProtocolError> Protocol(RequestRefusedException e) => Protocol(e.StatusCode, e.Message);

    public static JsonHttpResult<ProtocolError> Protocol(InvalidImageException e) => Protocol(StatusFor(e.Reason), e.Message);

    /// <summary>The TF Serving / KServe answer while no model is loaded (503).</summary>
    public static JsonHttpResult<ProtocolError> ProtocolModelNotReady() =>
        Protocol(StatusCodes.Status503ServiceUnavailable, "The model is not loaded yet.");

    /// <summary>Writes an error in the shape of the request's route (used by middleware, outside endpoints).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        if (IsProtocolPath(context.Request.Path))
        {
            await context.Response.WriteAsJsonAsync(new ProtocolError(detail), context.RequestAborted);
            return;
        }
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
