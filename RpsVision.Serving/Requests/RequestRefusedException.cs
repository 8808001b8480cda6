namespace RpsVision.Serving.Requests;

/// <summary>
/// A request the host refuses (bad body, wrong content type, too large, URL not allowed), caught by the
/// endpoint that read it and answered in its route's error shape with <see cref="StatusCode"/>.
/// </summary>
internal sealed class RequestRefusedException(int statusCode, string title, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;
}
