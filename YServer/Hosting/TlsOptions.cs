using System.ComponentModel.DataAnnotations;

namespace YServer.Hosting;

/// <summary>Serving <c>wss://</c> directly (section <c>Tls</c>). Off unless a certificate is configured. To add a setting:
/// property with default and validation here, a line in <c>appsettings.example.json</c> and a row in the README table.</summary>
public sealed class TlsOptions : IValidatableObject
{
    public const string SectionName = "Tls";

    /// <summary>PEM certificate, optionally followed by its chain (certbot's <c>fullchain.pem</c>). Also <c>--tls-cert</c>.</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>PEM private key of the certificate (certbot's <c>privkey.pem</c>). Also <c>--tls-key</c>.</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>How often the files are compared with the loaded certificate, besides the file-system watcher (which can
    /// miss changes on network file systems and through symlink swaps).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReloadCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsEnabled => CertificateFile.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CertificateFile.Length > 0 != KeyFile.Length > 0)
        {
            yield return new ValidationResult("give both the certificate and the key file (--tls-cert and --tls-key).", [nameof(CertificateFile)]);
            yield break;
        }

        if (!IsEnabled)
        {
            yield break;
        }

        string? problem = null;
        try
        {
            CertificateReloader.Load(CertificateFile, KeyFile).Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            problem = $"cannot load the certificate '{CertificateFile}' with key '{KeyFile}': {ex.Message}";
        }

        if (problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(CertificateFile)]);
        }
    }
}
