using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
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
        var parsed = Arguments.Parse(args, Console.Out, Console.Error);
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
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
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
            if (options.ConfigFile is { } configFile)
            {
                var path = Path.GetFullPath(configFile, workingDirectory);
                if (!File.Exists(path))
                {
                    exitCode = Arguments.Fail(stderr, $"config file '{configFile}' not found").ExitCode;
                    return null;
                }

                builder.Configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
            }
            else
            {
                builder.Configuration.AddJsonFile(Path.Combine(workingDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
            }

            builder.Configuration.AddEnvironmentVariables("YSERVER_");
            builder.Configuration.AddInMemoryCollection(options.ToConfiguration());
            configure?.Invoke(builder);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            exitCode = Arguments.Fail(stderr, $"cannot read settings: {ex.Message}").ExitCode;
            return null;
        }

        if (ConfigurationValidator.Validate(builder.Configuration) is { } error)
        {
            exitCode = Arguments.Fail(stderr, error).ExitCode;
            return null;
        }

        var server = builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        ConfigureLogging(builder, configureLogging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            server.TryGetAddress(out var address);
            kestrel.Listen(address, server.Port);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = server.ShutdownTimeout);
        builder.Host.UseYServerSystemd();
        builder.Services.AddYServer(builder.Configuration);

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = server.KeepAliveInterval,
            KeepAliveTimeout = server.KeepAliveTimeout,
        });
        app.UseMiddleware<WebSocketEndpoint>();
        // Plain HTTP gets a short text, as from the reference server (its request handler answers 'okay').
        app.MapFallback("{**path}", static context =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("okay", context.RequestAborted);
        });
        return app;
    }

    /// <summary>Starts the host and logs where it listens (the actual port when 0 was asked) and which store it uses.</summary>
    internal static async Task StartAsync(WebApplication app, CancellationToken ct)
    {
        await app.StartAsync(ct);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("YServer.Hosting");
        var storePath = Path.GetFullPath(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Path);
        Log.Listening(logger, Arguments.Version, GetWebSocketUri(app).ToString().TrimEnd('/'), storePath);
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(static state => Log.ShuttingDown((Microsoft.Extensions.Logging.ILogger)state!), logger);
        lifetime.ApplicationStopped.Register(static state => Log.Stopped((Microsoft.Extensions.Logging.ILogger)state!), logger);
    }

    /// <summary>The WebSocket base address (path prefix included, trailing slash): append a room name to connect.</summary>
    internal static Uri GetWebSocketUri(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var http = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The server is not listening.");
        var prefix = RoomPath.NormalizePrefix(app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.PathPrefix);
        var uri = new UriBuilder(http) { Scheme = "ws", Path = prefix + "/" };
        return uri.Uri;
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
