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
    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    private const string TextTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>The whole program: parse, build, run until SIGTERM/SIGINT, flush, exit 0. Bad arguments or settings
    /// exit 2 with one line on stderr; a failure to start (e.g. port in use) exits 1.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        StartupTrace.Mark("main");
        if (VerbRunner.IsVerb(args))
        {
            return await VerbRunner.RunAsync(args, Console.Out, Console.Error, Console.OpenStandardOutput(), interactive: !Console.IsErrorRedirected);
        }

        var serveArgs = args is ["serve", .. var rest] ? rest : args;
        var commandLine = CommonArguments.TryParse(serveArgs);
        if (commandLine is null)
        {
            var parsed = Arguments.Parse(serveArgs, Console.Out, Console.Error);
            if (!parsed.ShouldRun)
            {
                return parsed.ExitCode;
            }

            commandLine = parsed.Options!;
        }

        StartupTrace.Mark("arguments parsed");

        var app = Build(commandLine, Console.Error, configure: null, configureLogging: null, out var exitCode);
        if (app is null)
        {
            return exitCode;
        }

        await using (app)
        {
            try
            {
                await StartAsync(app, CancellationToken.None);
                StartupTrace.Mark("started");
            }
            catch (OperationCanceledException)
            {
                // SIGTERM/SIGINT while starting: a requested stop, not a crash.
                return 0;
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
        // The server itself (no configure hook) reads and validates its settings before creating the host builder, so
        // the store can start opening first (EarlyStoreOpening); tests configure the builder, so they create it first.
        var settings = configure is null ? new ConfigurationManager() : null;
        var builder = settings is null ? CreateBuilder(workingDirectory) : null;
        try
        {
            if (!SettingsSources.TryAdd((IConfigurationBuilder?)settings ?? builder!.Configuration, options.ConfigFile, options.ToConfiguration(), workingDirectory, stderr))
            {
                exitCode = Arguments.ExitBadArguments;
                return null;
            }

            if (builder is not null)
            {
                configure?.Invoke(builder);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            exitCode = Arguments.Fail(stderr, $"cannot read settings: {ex.Message}").ExitCode;
            return null;
        }

        StartupTrace.Mark("settings sources added");
        var configuration = settings ?? builder!.Configuration;
        var errors = ConfigurationValidator.Validate(configuration);
        StartupTrace.Mark("settings validated");
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                exitCode = Arguments.Fail(stderr, error).ExitCode;
            }

            return null;
        }

        var logger = CreateLogger(configuration, configureLogging);
        StartupTrace.Mark("logging configured");
        var earlyStore = settings is null
            ? null
            : EarlyStoreOpening.Start(configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions(), logger);
        if (builder is null)
        {
            builder = CreateBuilder(workingDirectory);
            builder.Configuration.AddConfiguration(settings!, shouldDisposeConfiguration: true);
        }

        var server = configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        var metrics = configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions();
        var admin = configuration.GetSection(AdminOptions.SectionName).Get<AdminOptions>() ?? new AdminOptions();
        var tls = configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>() ?? new TlsOptions();
        CertificateReloader? certificates = null;
        if (tls.IsEnabled)
        {
            // Validated above, so it loads. Registered through a factory so the container disposes it (watchers, timer).
            certificates = new CertificateReloader(tls, TimeProvider.System);
            builder.Services.AddSingleton(_ => certificates);
        }

        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(logger, dispose: true);
        earlyStore?.Register(builder.Services);
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
        StartupTrace.Mark("kestrel configured");
        builder.Services.AddYServer(builder.Configuration);
        builder.Services.AddYServerMetricsExporter(metrics);

        StartupTrace.Mark("services added");
        var app = builder.Build();
        StartupTrace.Mark("host built");
        if (earlyStore is null)
        {
            OpenStoreInBackground(app.Services);
        }

        if (server.TrustedProxies.Length > 0)
        {
            // First, so the metrics, admin and WebSocket endpoints all see the forwarded client address.
            app.UseForwardedHeaders(TrustedProxyList.ToForwardedHeadersOptions(server.TrustedProxies));
        }

        app.UseMetricsEndpoint(metrics);
        StartupTrace.Mark("metrics endpoint");
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = server.KeepAliveInterval,
            KeepAliveTimeout = server.KeepAliveTimeout,
        });
        app.UseMiddleware<WebSocketEndpoint>();
        // Routing after the WebSocket endpoint, not first (where WebApplication puts it when not told): an upgrade
        // never needs an endpoint match, and the first connection does not wait for the route matcher to be built.
        app.UseRouting();
        // Plain HTTP only: WebSocket upgrades were taken as rooms above, whatever their path.
        app.MapHealthEndpoints();
        app.MapAdminApi(admin);
        // Plain HTTP gets a short text, as from the reference server (its request handler answers 'okay').
        app.MapFallback("{**path}", static context =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("okay", context.RequestAborted);
        });
        StartupTrace.Mark("pipeline configured");
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
                StartupTrace.Mark("store opening");
                _ = services.GetService<IUpdateStore>();
                StartupTrace.Mark("store opened");
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
        StartupTrace.Mark("listening");
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

    /// <summary>The host builder with its own configuration sources removed: the settings come from
    /// <see cref="SettingsSources"/> only.</summary>
    private static WebApplicationBuilder CreateBuilder(string workingDirectory)
    {
        // The empty builder reads no configuration sources, sets up no logging providers and no server: only what is
        // added below (Kestrel without its configuration-file loader, and the routing core for the health, admin and
        // fallback endpoints) is built and started. The slim builder's defaults cost tens of milliseconds of startup.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [], ContentRootPath = workingDirectory });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        StartupTrace.Mark("builder created");
        return builder;
    }

    private static Serilog.Core.Logger CreateLogger(ConfigurationManager settings, Action<LoggerConfiguration>? configureLogging)
    {
        var options = settings.GetSection(LoggingOptions.SectionName).Get<LoggingOptions>() ?? new LoggingOptions();
        _ = LogLevels.TryParse(options.Level, out var level); // validated before
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            // ASP.NET Core's own chatter only when asked for everything
            .MinimumLevel.Override("Microsoft", level == LogEventLevel.Verbose ? LogEventLevel.Verbose : LogEventLevel.Warning)
            // ASP.NET Core starts an Activity and a logging scope for every request whenever this category is enabled
            // at all, and a WebSocket keeps its upgrade request (and so both) for its whole life: about a kilobyte per
            // idle connection. It only logs request start/finish (information), so below verbose it is switched off.
            .MinimumLevel.Override(HostingDiagnosticsCategory, level == LogEventLevel.Verbose ? LogEventLevel.Verbose : LevelAlias.Off)
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

        return configuration.CreateLogger();
    }
}
