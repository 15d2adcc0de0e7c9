using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using YServer.Diagnostics;
using YServer.Hosting;
using YServer.Rooms;

namespace YServer.Tests.Support;

/// <summary>The real server host (same code path as the executable) on 127.0.0.1, port 0, with a temporary store.
/// Exposes the WebSocket URL so raw clients and Node y-websocket clients can connect, and can restart on the same
/// store.</summary>
internal sealed class YServerFixture : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly string? _pathPrefix;
    private readonly bool _ownsStore;
    private WebApplication? _app;

    private YServerFixture(string storePath, bool ownsStore, Dictionary<string, string?> settings, Action<IServiceCollection>? services, string? pathPrefix)
    {
        StorePath = storePath;
        _ownsStore = ownsStore;
        _settings = settings;
        _services = services;
        _pathPrefix = pathPrefix;
    }

    public string StorePath { get; }

    public LogCapture Logs { get; private set; } = new();

    /// <summary>Base WebSocket URL with a trailing slash (prefix included); append a room name.</summary>
    public Uri WebSocketUri { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public RoomManager Rooms => Services.GetRequiredService<RoomManager>();

    /// <summary>Every measurement of this host's <c>YServer</c> meter since it started.</summary>
    public MetricsProbe Metrics { get; private set; } = null!;

    /// <summary>Plain HTTP base address of the main listener.</summary>
    public Uri HttpUri => new UriBuilder(WebSocketUri) { Scheme = "http", Path = "/" }.Uri;

    /// <summary>Where /metrics is served.</summary>
    public Uri MetricsUri => YServerHost.GetMetricsUri(_app!);

    /// <summary>Starts a server. <paramref name="settings"/> are configuration keys (e.g. <c>Rooms:UnloadGracePeriod</c>)
    /// that win over everything else; <paramref name="services"/> can replace registrations (TimeProvider, store).</summary>
    public static async Task<YServerFixture> StartAsync(
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string? pathPrefix = null,
        string? storePath = null)
    {
        var ownsStore = storePath is null;
        storePath ??= new TestDirectory().Path;
        var fixture = new YServerFixture(storePath, ownsStore, settings ?? [], services, pathPrefix);
        await fixture.StartHostAsync();
        return fixture;
    }

    public Uri RoomUri(string room) => new(WebSocketUri, Uri.EscapeDataString(room));

    public Task<TestClient> ConnectAsync(string room, bool read = true) => TestClient.ConnectAsync(RoomUri(room), read);

    /// <summary>Stops the host (graceful shutdown: clients get 1001, the store is flushed and closed).</summary>
    public async Task StopAsync()
    {
        if (_app is null)
        {
            return;
        }

        var app = _app;
        _app = null;
        try
        {
            await app.StopAsync().DefaultTimeout();
        }
        finally
        {
            await app.DisposeAsync();
            Metrics.Dispose();
        }
    }

    /// <summary>Stops and starts a new host on the same store (the port changes).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartHostAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Logs.DumpIfFailed();
            if (_ownsStore)
            {
                try
                {
                    Directory.Delete(StorePath, recursive: true);
                }
                catch (IOException)
                {
                    // the temp cleaner gets it
                }
            }
        }
    }

    private async Task StartHostAsync()
    {
        Logs = new LogCapture();
        var capture = Logs;
        var options = new CommandLineOptions
        {
            Host = "127.0.0.1",
            Port = "0",
            Store = StorePath,
            PathPrefix = _pathPrefix,
            LogLevel = "debug",
        };
        using var stderr = new StringWriter();
        var app = YServerHost.Build(
            options,
            stderr,
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(_settings);
                _services?.Invoke(builder.Services);
            },
            logging => logging.WriteTo.Sink(capture),
            out var exitCode);
        Assert.That(app, Is.Not.Null, $"host did not build (exit {exitCode}): {stderr}");
        Metrics = new MetricsProbe(app!.Services.GetRequiredService<YServerMetrics>().Meter);
        await YServerHost.StartAsync(app!, CancellationToken.None).DefaultTimeout();
        _app = app;
        WebSocketUri = YServerHost.GetWebSocketUri(app!);
    }
}
