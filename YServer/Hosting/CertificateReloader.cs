using System.Security.Cryptography.X509Certificates;

namespace YServer.Hosting;

/// <summary>
/// Holds the TLS certificate Kestrel presents (through <c>ServerCertificateSelector</c>, asked on every handshake) and
/// swaps it when the PEM files change, so a certbot renewal takes effect without a restart and without touching open
/// connections (their TLS session is already established). Changes are noticed by a <see cref="FileSystemWatcher"/> on
/// the files' folders and, as a fallback, by comparing the files' timestamps and sizes every
/// <see cref="TlsOptions.ReloadCheckInterval"/>. A pair that does not load (e.g. the key is written after the
/// certificate) keeps the previous certificate and is retried at the next change or check.
/// </summary>
internal sealed class CertificateReloader : IDisposable
{
    private readonly TlsOptions _options;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ITimer _poll;
    private readonly Lock _lock = new();
    private X509Certificate2 _current;
    private string _stamp;

    public CertificateReloader(TlsOptions options, TimeProvider time)
    {
        _options = options;
        _current = Load(options.CertificateFile, options.KeyFile);
        _stamp = Stamp();
        foreach (var folder in new[] { Folder(options.CertificateFile), Folder(options.KeyFile) }.Distinct(StringComparer.Ordinal))
        {
            var watcher = new FileSystemWatcher(folder) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Renamed += OnChanged;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }

        _poll = time.CreateTimer(static state => ((CertificateReloader)state!).ReloadIfChanged(), this, options.ReloadCheckInterval, options.ReloadCheckInterval);
    }

    /// <summary>Set once the host is built (Kestrel is configured before logging exists).</summary>
    public ILogger Logger { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>The certificate new handshakes get.</summary>
    public X509Certificate2 Current => Volatile.Read(ref _current);

    /// <summary>Loads a PEM certificate and key. The PKCS#12 round trip gives a key SslStream can use on every platform
    /// (Windows cannot use the ephemeral key <see cref="X509Certificate2.CreateFromPemFile"/> returns).</summary>
    public static X509Certificate2 Load(string certificateFile, string keyFile)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Reloads when the files' timestamps or sizes differ from the loaded pair's; true when a new certificate
    /// was installed.</summary>
    public bool ReloadIfChanged()
    {
        lock (_lock)
        {
            var stamp = Stamp();
            if (stamp == _stamp)
            {
                return false;
            }

            X509Certificate2 next;
            try
            {
                next = Load(_options.CertificateFile, _options.KeyFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                Log.CertificateReloadFailed(Logger, _options.CertificateFile, ex.Message);
                return false;
            }

            _stamp = stamp;
            // The old certificate is not disposed: handshakes in progress may still use it.
            Volatile.Write(ref _current, next);
            Log.CertificateReloaded(Logger, _options.CertificateFile, next.Subject, next.Thumbprint, next.NotAfter.ToUniversalTime());
            return true;
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => ReloadIfChanged();

    private string Stamp()
    {
        static string Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? $"{info.LastWriteTimeUtc.Ticks}/{info.Length}" : "missing";
        }

        return Of(_options.CertificateFile) + "|" + Of(_options.KeyFile);
    }

    private static string Folder(string file) => Path.GetDirectoryName(Path.GetFullPath(file))!;

    public void Dispose()
    {
        _poll.Dispose();
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
    }
}
