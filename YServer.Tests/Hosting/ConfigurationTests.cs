using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using YServer.Admin;
using YServer.Hosting;
using YServer.Rooms;
using YServer.Storage;
using YServer.Tests.Support;
using YServer.Transport;

namespace YServer.Tests.Hosting;

/// <summary>Settings precedence: defaults &lt; appsettings.json &lt; YSERVER_ environment variables &lt; command line;
/// bad values end in one line and exit code 2.</summary>
[NonParallelizable]
public sealed class ConfigurationTests
{
    private const string EnvQueue = "YSERVER_Limits__SendQueueLength";
    private const string EnvPrefix = "YSERVER_Server__PathPrefix";

    [Test]
    public async Task Precedence_DefaultsThenJsonThenEnvironmentThenCommandLine()
    {
        using var directory = new TestDirectory();
        var config = Path.Combine(directory.Path, "settings.json");
        await File.WriteAllTextAsync(config, """
            {
              "Server": { "PathPrefix": "/json" },
              "Limits": { "SendQueueLength": 10, "MaxMessageBytes": 1000 },
              "Rooms": { "UnloadGracePeriod": "00:01:00" }
            }
            """);
        Environment.SetEnvironmentVariable(EnvQueue, "20");
        Environment.SetEnvironmentVariable(EnvPrefix, "/env");
        try
        {
            await using var app = Build(new CommandLineOptions { ConfigFile = config, PathPrefix = "/cli", Store = directory.Path }, out _, out _)!;

            var server = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
            var limits = app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value;
            var rooms = app.Services.GetRequiredService<IOptions<RoomOptions>>().Value;
        var documents = app.Services.GetRequiredService<IOptions<DocumentOptions>>().Value;
            var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            Assert.Multiple(() =>
            {
                Assert.That(server.PathPrefix, Is.EqualTo("/cli"), "CLI beats environment and JSON");
                Assert.That(limits.SendQueueLength, Is.EqualTo(20), "environment beats JSON");
                Assert.That(limits.MaxMessageBytes, Is.EqualTo(1000), "JSON beats the default");
                Assert.That(rooms.UnloadGracePeriod, Is.EqualTo(TimeSpan.FromMinutes(1)));
                Assert.That(server.Port, Is.EqualTo(1234), "default");
                Assert.That(storage.Path, Is.EqualTo(directory.Path));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable(EnvQueue, null);
            Environment.SetEnvironmentVariable(EnvPrefix, null);
        }
    }

    [TestCase("""{ "Server": { "Port": 70000 } }""", "Server:Port")]
    [TestCase("""{ "Server": { "Port": "abc" } }""", "abc")]
    [TestCase("""{ "Limits": { "MaxMessageBytes": 0 } }""", "Limits:MaxMessageBytes")]
    [TestCase("""{ "Limits": { "MaxConnectionsPerIp": -1 } }""", "Limits:MaxConnectionsPerIp")]
    [TestCase("""{ "Limits": { "MaxDocumentBytes": -1 } }""", "Limits:MaxDocumentBytes")]
    [TestCase("""{ "Limits": { "HandshakeTimeout": "02:00:00" } }""", "Limits:HandshakeTimeout")]
    [TestCase("""{ "Storage": { "CompactAfterRecords": 1 } }""", "Storage:CompactAfterRecords")]
    [TestCase("""{ "Logging": { "Format": "xml" } }""", "Logging:Format")]
    [TestCase("""{ "Server": { "Host": "example.com" } }""", "Server:Host")]
    [TestCase("""{ "Server": { "TrustedProxies": ["proxy.example.com"] } }""", "Server:TrustedProxies")]
    [TestCase("""{ "Server": { "TrustedProxies": ["10.0.0.0/40"] } }""", "Server:TrustedProxies")]
    [TestCase("""{ not json""", "cannot read settings")]
    [TestCase("""{ "Admin": { "Token": "short" } }""", "Admin:Token")]
    [TestCase("""{ "Metrics": { "Port": 70000 } }""", "Metrics:Port")]
    [TestCase("""{ "Auth": { "Secret": "too short" } }""", "Auth:Secret")]
    [TestCase("""{ "Auth": { "Algorithms": ["none"] } }""", "Auth:Algorithms")]
    [TestCase("""{ "Auth": { "AllowedOrigins": ["app.example.com"] } }""", "Auth:AllowedOrigins")]
    [TestCase("""{ "Auth": { "PublicKeyFile": "/nonexistent/key.pem" } }""", "Auth:PublicKeyFile")]
    [TestCase("""{ "Metrics": { "Port": 1234 } }""", "Metrics:Port")]
    public async Task BadSetting_OneLineAndExit2(string json, string mentioned)
    {
        using var directory = new TestDirectory();
        var config = Path.Combine(directory.Path, "settings.json");
        await File.WriteAllTextAsync(config, json);

        var app = Build(new CommandLineOptions { ConfigFile = config }, out var exitCode, out var stderr);

        Assert.That(app, Is.Null);
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.Contain(mentioned));
    }

    [Test]
    public void BadPortFlag_OneLineAndExit2()
    {
        var app = Build(new CommandLineOptions { Port = "abc" }, out var exitCode, out var stderr);

        Assert.That(app, Is.Null);
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("Server:Port"));
    }

    [Test]
    public async Task LimitFlags_SetTheLimitsSection()
    {
        using var directory = new TestDirectory();

        await using var app = Build(
            new CommandLineOptions { Store = directory.Path, MaxConnections = "7", MaxConnectionsPerIp = "0", MaxConnectionsPerRoom = "5", MaxLoadedRooms = "3" },
            out _,
            out var stderr);

        Assert.That(app, Is.Not.Null, stderr);
        var limits = app!.Services.GetRequiredService<IOptions<LimitsOptions>>().Value;
        var roomLimits = app.Services.GetRequiredService<IOptions<RoomLimitsOptions>>().Value;
        Assert.Multiple(() =>
        {
            Assert.That(limits.MaxConnections, Is.EqualTo(7));
            Assert.That(limits.MaxConnectionsPerIp, Is.Zero);
            Assert.That(limits.MaxConnectionsPerRoom, Is.EqualTo(5));
            Assert.That(roomLimits.MaxLoadedRooms, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task AdminToken_FromYSERVER_ADMIN_TOKEN_AndMetricsFlags()
    {
        using var directory = new TestDirectory();
        Environment.SetEnvironmentVariable("YSERVER_ADMIN_TOKEN", "token-from-environment-0123");
        try
        {
            await using var app = Build(new CommandLineOptions { Store = directory.Path, MetricsPort = "9464", NoMetrics = true }, out _, out var stderr)!;

            Assert.That(app, Is.Not.Null, stderr);
            var admin = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
            var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
            Assert.That(admin.Token, Is.EqualTo("token-from-environment-0123"));
            Assert.That(metrics.Port, Is.EqualTo(9464));
            Assert.That(metrics.Enabled, Is.False);
        }
        finally
        {
            Environment.SetEnvironmentVariable("YSERVER_ADMIN_TOKEN", null);
        }
    }

    [Test]
    public void MissingConfigFile_Exit2()
    {
        var app = Build(new CommandLineOptions { ConfigFile = "/no/such/file.json" }, out var exitCode, out var stderr);

        Assert.That(app, Is.Null);
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("not found"));
    }

    [Test]
    public async Task ExampleSettingsFile_IsValid_AndStatesTheDefaults()
    {
        var example = FindRepositoryFile("appsettings.example.json");

        await using var app = Build(new CommandLineOptions { ConfigFile = example }, out var exitCode, out var stderr);

        Assert.That(app, Is.Not.Null, stderr);
        var server = app!.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var limits = app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value;
        var rooms = app.Services.GetRequiredService<IOptions<RoomOptions>>().Value;
        var roomLimits = app.Services.GetRequiredService<IOptions<RoomLimitsOptions>>().Value;
        var documents = app.Services.GetRequiredService<IOptions<DocumentOptions>>().Value;
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        var admin = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        var auth = app.Services.GetRequiredService<IOptions<YServer.Auth.AuthOptions>>().Value;
        var tls = app.Services.GetRequiredService<IOptions<TlsOptions>>().Value;
        var text = await File.ReadAllTextAsync(example);
        Assert.Multiple(() =>
        {
            AssertSameProperties(metrics, new MetricsOptions());
            AssertSameProperties(admin, new AdminOptions());
            AssertSameProperties(auth, new YServer.Auth.AuthOptions());
            AssertSameProperties(tls, new TlsOptions());
            Assert.That(text, Does.Contain("\"Port\": 9464"), "Metrics:Port is documented (as a comment: its default is unset)");
            AssertSameProperties(server, new ServerOptions());
            AssertSameProperties(limits, new LimitsOptions());
            AssertSameProperties(rooms, new RoomOptions());
            AssertSameProperties(roomLimits, new RoomLimitsOptions());
            Assert.That(documents.Schemas, Is.Empty, "Documents:Schemas");
            AssertSameProperties(storage, new StorageOptions());
        });
    }

    private static void AssertSameProperties<T>(T actual, T defaults)
    {
        foreach (var property in typeof(T).GetProperties().Where(p => p.CanWrite))
        {
            Assert.That(property.GetValue(actual), Is.EqualTo(property.GetValue(defaults)), $"{typeof(T).Name}.{property.Name}");
        }
    }

    private static string FindRepositoryFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(name);
    }

    private static WebApplication? Build(CommandLineOptions options, out int exitCode, out string stderr)
    {
        using var writer = new StringWriter();
        var app = YServerHost.Build(options, writer, configure: null, configureLogging: _ => { }, out exitCode);
        stderr = writer.ToString();
        return app;
    }
}
