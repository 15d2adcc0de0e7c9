using Serilog.Extensions.Logging;
using YServer.Diagnostics;
using YServer.Storage;
using YServer.Storage.LiteDb;

namespace YServer.Hosting;

/// <summary>Opening the store (file lock, LiteDB recovery, fsync, first reads) is the slowest single step of startup.
/// The server starts it on a pool thread as soon as the settings are validated, before the host builder exists, so it
/// overlaps building the host instead of following it. The store is registered as the container's
/// <see cref="IUpdateStore"/> (a factory that waits for the opening, so the container still disposes it), and the
/// store's hosted service resolves it before the listener opens: no connection is accepted before the store is open,
/// and a store that cannot be opened fails startup with the same exception as before.</summary>
internal sealed class EarlyStoreOpening
{
    private readonly YServerMetrics _metrics;
    private readonly Task<LiteDbUpdateStore> _opening;

    private EarlyStoreOpening(YServerMetrics metrics, Task<LiteDbUpdateStore> opening)
    {
        _metrics = metrics;
        _opening = opening;
    }

    /// <summary>Starts opening the store with the validated <paramref name="options"/>, logging through
    /// <paramref name="logger"/> (the server's Serilog logger, so the store's events look as they do when the container
    /// builds it).</summary>
    public static EarlyStoreOpening Start(StorageOptions options, Serilog.ILogger logger)
    {
        // The meter is the process's own (there is one host); OpenTelemetry's exporter listens by meter name.
        var metrics = new YServerMetrics();
        var storeLogger = new SerilogLoggerFactory(logger).CreateLogger<LiteDbUpdateStore>();
        var opening = Task.Run(() =>
        {
            StartupTrace.Mark("store opening");
            var store = new LiteDbUpdateStore(options, storeLogger, TimeProvider.System, metrics);
            StartupTrace.Mark("store opened");
            return store;
        });
        return new EarlyStoreOpening(metrics, opening);
    }

    /// <summary>Registers the metrics the store reports to and the store itself, before the defaults (which are only
    /// added when missing).</summary>
    public void Register(IServiceCollection services)
    {
        services.AddSingleton(_ => _metrics);
        services.AddSingleton<IUpdateStore>(_ => _opening.GetAwaiter().GetResult());
    }
}
