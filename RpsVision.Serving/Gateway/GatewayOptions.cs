using System.ComponentModel.DataAnnotations;

namespace RpsVision.Serving.Gateway;

/// <summary>
/// The original gateway's <c>{"url": ...}</c> route, which makes the server fetch a user-given URL: a
/// server-side request forgery risk, so it is off unless an operator turns it on. Section <c>Gateway</c>.
/// </summary>
internal sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "Gateway";

    /// <summary>Whether images are fetched by URL at all. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Hosts that may be fetched from: exact names (<c>images.example.com</c>) or subdomain wildcards
    /// (<c>*.example.com</c>). Default empty; must not be empty when <see cref="Enabled"/> is true.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>
    /// Whether hosts may resolve to loopback, private, link-local, unique-local or otherwise non-public
    /// addresses. Default false.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Largest image fetched, in bytes. Default 10 MiB; 1 KiB to 1 GiB.</summary>
    [Range(1024, 1L << 30)]
    public long MaxImageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Time the whole fetch (all redirects, the body) may take. Default 10 s; 100 ms to 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Redirects followed, each checked like the first URL. Default 3; 0 to 10.</summary>
    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && AllowedHosts.Length == 0)
        {
            yield return new ValidationResult(
                "Gateway:Enabled is true but Gateway:AllowedHosts is empty; list the hosts images may be fetched from " +
                "(e.g. Gateway__AllowedHosts__0=images.example.com).",
                [nameof(AllowedHosts)]);
        }
        foreach (string host in AllowedHosts)
        {
            string bare = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (bare.Length == 0 || Uri.CheckHostName(bare) == UriHostNameType.Unknown)
            {
                yield return new ValidationResult(
                    $"Gateway:AllowedHosts has '{host}', which is not a host name, IP address or '*.domain' pattern.",
                    [nameof(AllowedHosts)]);
            }
        }
    }
}
