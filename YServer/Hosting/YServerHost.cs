using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using YServer.Admin;
using YServer.Hosting.Verbs;
using YServer.Storage;
using YServer.Transport;

namespace YServer.Hosting;

/// <summary>The composition root: configuration sources, Serilog, Kestrel, DI and the request pipeline.</summary>
public static class YServerHost
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>The whole program: parse, build, run until SIGTERM/SIGINT, flush, exit 0. Bad arguments or settings
    /// exit 2 with one line on stderr; a failure to start (e.g. port in use) exits 1.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (VerbRunner.IsVerb(args))
        {
            return await VerbRunner.RunAsync(args, Console.Out, Console.Error, Console.OpenStandardOutput(), interactive: !Console.IsErrorRedirected);
        }

        var parsed = Arguments.Parse(args is ["serve", .. var rest] ? rest : args, Console.Out, Console.Error);
        if (!parsed.ShouldRun)
        {
            return parsed.ExitCode;
        }

        var app = Build(parsed.Options!, Console.Error, configure: null, configureLogging: null, out var exitCode);
        if (app is null)
        {
            return exitCode;
        }

        await using (app)
        {
            try
            {
                await StartAsync(app, CancellationToken.None);
            }
            catch (OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync($"yserver: {ex.Failures.FirstOrDefault() ?? ex.Message}");
                return Arguments.ExitBadArguments;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or InvalidDataException)
            {
                await Console.Error.WriteLineAsync($"yserver: cannot start: {ex.Message}");
                return 1;
            }

            await app.WaitForShutdownAsync();
        }

        return 0;
    }

    /// <summary>Builds the application, or returns null with the exit code after printing one line to
    /// <paramref name="stderr"/>. <paramref name="configure"/> runs after the configuration sources are added (tests
    /// override settings there, winning over the command line, and register services that replace the defaults);
    /// <paramref name="configureLogging"/>, when given, replaces the console sink.</summary>
    internal static WebApplication? Build(
        CommandLineOptions options,
        TextWriter stderr,
        Action<WebApplicationBuilder>? configure,
        Action<LoggerConfiguration>? configureLogging,
        out int exitCode)
    {
        exitCode = 0;
        var workingDirectory = Directory.GetCurrentDirectory();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = workingDirectory });
        try
        {
            builder.Configuration.Sources.Clear();
            if (!SettingsSources.TryAdd(builder.Configuration, options.ConfigFile, options.ToConfiguration(), workingDirectory, stderr))
            {
                exitCode = Arguments.ExitBadArguments;
                return null;
            }

            configure?.Invoke(builder);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            exitCode = Arguments.Fail(stderr, $"cannot read settings: {ex.Message}").ExitCode;
            return null;
        }

        var errors = ConfigurationValidator.Validate(builder.Configuration);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                exitCode = Arguments.Fail(stderr, error).ExitCode;
            }

            return null;
        }

        var server = builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        var metrics = builder.Configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions();
        var admin = builder.Configuration.GetSection(AdminOptions.SectionName).Get<AdminOptions>() ?? new AdminOptions();
        var tls = builder.Configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>() ?? new TlsOptions();
        CertificateReloader? certificates = null;
        if (tls.IsEnabled)
        {
            // Validated above, so it loads. Registered through a factory so the container disposes it (watchers, timer).
            certificates = new CertificateReloader(tls, TimeProvider.System);
            builder.Services.AddSingleton(_ => certificates);
        }

        ConfigureLogging(builder, configureLogging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            server.TryGetAddress(out var address);
            kestrel.Listen(address, server.Port, listen =>
            {
                if (certificates is not null)
                {
                    listen.UseHttps(new Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions
                    {
                        ServerCertificateSelector = (_, _) => certificates.Current,
                    });
                }
            });
            if (metrics.Enabled && metrics.Port is { } metricsPort)
            {
                kestrel.Listen(address, metricsPort, MetricsEndpoint.MarkAsMetricsListener);
            }
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = server.ShutdownTimeout);
        builder.Host.UseYServerSystemd();
        builder.Services.AddYServer(builder.Configuration);
        builder.Services.AddYServerMetricsExporter(metrics);

        var app = builder.Build();
        OpenStoreInBackground(app.Services);
        if (server.TrustedProxies.Length > 0)
        {
            // First, so the metrics, admin and WebSocket endpoints all see the forwarded client address.
            app.UseForwardedHeaders(TrustedProxyList.ToForwardedHeadersOptions(server.TrustedProxies));
        }

        app.UseMetricsEndpoint(metrics);
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = server.KeepAliveInterval,
            KeepAliveTimeout = server.KeepAliveTimeout,
        });
        app.UseMiddleware<WebSocketEndpoint>();
        // Plain HTTP only: WebSocket upgrades were taken as rooms above, whatever their path.
        app.MapHealthEndpoints();
        app.MapAdminApi(admin);
        // Plain HTTP gets a short text, as from the reference server (its request handler answers 'okay').
        app.MapFallback("{**path}", static context =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("okay", context.RequestAborted);
        });
        return app;
    }

    /// <summary>Opening the store (file lock, LiteDB recovery, fsync) is the slowest step of startup. It starts here, on
    /// a pool thread, while the pipeline is configured and the host validates its options; the store's hosted service
    /// still resolves it (waiting for this construction) before the listener opens, so a store that cannot be opened
    /// fails startup exactly as before. A failure here is not observed: that resolution rethrows it.</summary>
    private static void OpenStoreInBackground(IServiceProvider services) =>
        _ = Task.Run(() =>
        {
            try
            {
                _ = services.GetService<IUpdateStore>();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // reported by the hosted service that resolves the store again
            }
        });

    /// <summary>Starts the host and logs where it listens (the actual port when 0 was asked) and which store it uses.</summary>
    internal static async Task StartAsync(WebApplication app, CancellationToken ct)
    {
        await app.StartAsync(ct);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("YServer.Hosting");
        var storePath = Path.GetFullPath(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Path);
        Log.Listening(logger, Arguments.Version, GetWebSocketUri(app).ToString().TrimEnd('/'), storePath);
        WarnIfExposed(app, logger);
        var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (metrics.Enabled)
        {
            Log.MetricsAt(logger, GetMetricsUri(app).ToString());
        }

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(static state => Log.ShuttingDown((Microsoft.Extensions.Logging.ILogger)state!), logger);
        lifetime.ApplicationStopped.Register(static state => Log.Stopped((Microsoft.Extensions.Logging.ILogger)state!), logger);
    }

    /// <summary>A server reachable from other machines should not run open: warn (once, at startup) when the listening
    /// address is not loopback and no token auth is configured, and when it serves no TLS itself. Also builds the
    /// authorizer now, so a broken revocation list stops startup instead of the first connection.</summary>
    private static void WarnIfExposed(WebApplication app, Microsoft.Extensions.Logging.ILogger logger)
    {
        _ = app.Services.GetRequiredService<IConnectionAuthorizer>();
        if (app.Services.GetService<CertificateReloader>() is { } certificates)
        {
            certificates.Logger = logger;
            Log.CertificateReloaded(logger, app.Services.GetRequiredService<IOptions<TlsOptions>>().Value.CertificateFile, certificates.Current.Subject, certificates.Current.Thumbprint, certificates.Current.NotAfter.ToUniversalTime());
        }

        var server = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var auth = app.Services.GetRequiredService<IOptions<Auth.AuthOptions>>().Value;
        var (withoutAuth, withoutTls) = ExposureWarnings(server, auth, app.Services.GetService<CertificateReloader>() is not null);
        var shown = withoutAuth || withoutTls ? GetWebSocketUri(app).ToString().TrimEnd('/') : "";
        if (withoutAuth)
        {
            Log.ExposedWithoutAuth(logger, shown);
        }

        if (withoutTls)
        {
            Log.ExposedWithoutTls(logger, shown);
        }
    }

    /// <summary>Which startup warnings apply: a non-loopback listening address without token auth, and without TLS.</summary>
    internal static (bool WithoutAuth, bool WithoutTls) ExposureWarnings(ServerOptions server, Auth.AuthOptions auth, bool tls)
    {
        if (!server.TryGetAddress(out var address) || System.Net.IPAddress.IsLoopback(address))
        {
            return (false, false);
        }

        return (!auth.IsEnabled, !tls);
    }

    /// <summary>The WebSocket base address (path prefix included, trailing slash): append a room name to connect.</summary>
    internal static Uri GetWebSocketUri(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var http = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The server is not listening.");
        var prefix = RoomPath.NormalizePrefix(app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.PathPrefix);
        var uri = new UriBuilder(http) { Scheme = http.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? "wss" : "ws", Path = prefix + "/" };
        return uri.Uri;
    }

    /// <summary>Where <c>/metrics</c> is served: the metrics listener when <c>Metrics:Port</c> is set (the actual port
    /// when 0 was asked), else the main one.</summary>
    internal static Uri GetMetricsUri(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        if (addresses.Length == 0)
        {
            throw new InvalidOperationException("The server is not listening.");
        }

        var separate = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Port is not null && addresses.Length > 1;
        return new UriBuilder(separate ? addresses[1] : addresses[0]) { Path = MetricsEndpoint.Path }.Uri;
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, Action<LoggerConfiguration>? configureLogging)
    {
        var options = builder.Configuration.GetSection(LoggingOptions.SectionName).Get<LoggingOptions>() ?? new LoggingOptions();
        _ = LogLevels.TryParse(options.Level, out var level); // validated before
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            // ASP.NET Core's own chatter only when asked for everything
            .MinimumLevel.Override("Microsoft", level == LogEventLevel.Verbose ? LogEventLevel.Verbose : LogEventLevel.Warning)
            .Enrich.FromLogContext();
        if (configureLogging is not null)
        {
            // tests: their own sinks instead of the console
            configureLogging(configuration);
        }
        else if (string.Equals(options.Format, "json", StringComparison.OrdinalIgnoreCase))
        {
            configuration.WriteTo.Console(new CompactJsonFormatter());
        }
        else
        {
            configuration.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: CultureInfo.InvariantCulture);
        }

        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(configuration.CreateLogger(), dispose: true);
    }
}
