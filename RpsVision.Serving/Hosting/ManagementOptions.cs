using System.ComponentModel.DataAnnotations;

namespace RpsVision.Serving.Hosting;

/// <summary>
/// The management address, apart from the public inference address (TorchServe's split): routes that change the
/// server's state are served there and nowhere else. Section <c>Management</c>.
/// </summary>
internal sealed class ManagementOptions : IValidatableObject
{
    public const string SectionName = "Management";

    /// <summary>
    /// Addresses of the management listener, separated by semicolons as in ASP.NET Core's <c>Urls</c>. Default
    /// <c>http://127.0.0.1:8081</c>: only this machine (or this pod) reaches it. Empty: no management listener is
    /// opened and the management routes do not exist.
    /// </summary>
    public string? Urls { get; set; } = "http://127.0.0.1:8081";

    /// <summary>The addresses in <see cref="Urls"/>; none when it is empty.</summary>
    public string[] UrlList => (Urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (string url in UrlList)
        {
            // Kestrel's own forms: http://127.0.0.1:8081, http://localhost:8081, http://+:8081, http://*:8081.
            string parsable = url.Replace("://+", "://any", StringComparison.Ordinal).Replace("://*", "://any", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                yield return new ValidationResult(
                    $"Management:Urls holds '{url}'; allowed: http:// or https:// addresses such as http://127.0.0.1:8081, " +
                    "separated by semicolons, or empty for no management listener.", [nameof(Urls)]);
            }
        }
    }
}
