using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace YServer.Tests.Interop;

/// <summary>
/// The built <c>yserver</c> as a child process (<c>dotnet yserver.dll --host 127.0.0.1 --port P --store DIR</c>), so
/// tests can stop it with SIGTERM or kill it with SIGKILL like an operator or a crash would. Picks a free loopback
/// port, waits until plain HTTP answers, captures the server's console output for failure messages, and never
/// outlives the test: <see cref="DisposeAsync"/> kills a server that is still running.
/// </summary>
/// <remarks>
/// <c>YSERVER_TEST_SERVER_DLL</c> points the tests at another build of <c>yserver.dll</c>; by default it is the one
/// next to the test assembly (the test project references the server project).
/// </remarks>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string ServerDllVariable = "YSERVER_TEST_SERVER_DLL";
    private const int OutputLimit = 4 * 1024 * 1024;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private bool _disposed;
    private int? _exitCode;

    private ServerProcess(Process process, int port, string storePath)
    {
        _process = process;
        ProcessId = process.Id;
        Port = port;
        StorePath = storePath;
        _stdoutPump = PumpAsync(process.StandardOutput);
        _stderrPump = PumpAsync(process.StandardError);
    }

    public int Port { get; }

    public string StorePath { get; }

    /// <summary>The WebSocket base URL; a client appends <c>/room</c>.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{Port}");

    public int ProcessId { get; }

    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>The exit code once the process has ended, else null.</summary>
    public int? ExitCode => _disposed ? _exitCode : _process.HasExited ? _process.ExitCode : null;

    /// <summary>Everything the server printed so far (stdout and stderr, interleaved by arrival).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server on a free loopback port and waits until it answers HTTP.</summary>
    public static async Task<ServerProcess> StartAsync(string storePath, IReadOnlyDictionary<string, string>? environment = null)
    {
        // The port is free when we look, but another process may take it before the server binds: try again then.
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(FreeLoopbackPort(), storePath, environment);
            try
            {
                await server.WaitUntilReadyAsync();
                return server;
            }
            catch (ServerStartException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Sends SIGTERM and waits for the exit code; SIGKILLs and fails when it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("SIGTERM needs a POSIX system");
        }
        if (!_process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])
            {
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("could not run `kill`");
            await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await KillAsync();
            Assert.Fail($"yserver did not exit within {timeout} of SIGTERM; killed it.{Environment.NewLine}{Output}");
        }
        await DrainOutputAsync();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed. Waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await DrainOutputAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        await DrainOutputAsync();
        _exitCode = _process.ExitCode;
        _disposed = true;
        _process.Dispose();
    }

    /// <summary>Counts lines of the server output that contain <paramref name="text"/> (case-insensitive).</summary>
    public int CountOutputLines(string text) =>
        Output.Split('\n').Count(line => line.Contains(text, StringComparison.OrdinalIgnoreCase));

    private static ServerProcess Launch(int port, string storePath, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = storePath,
        };
        foreach (var argument in new[]
        {
            ServerDll(), "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--store", storePath,
        })
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start yserver");
        return new ServerProcess(process, port, storePath);
    }

    private async Task WaitUntilReadyAsync()
    {
        var started = Stopwatch.StartNew();
        var address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));
        while (true)
        {
            if (_process.HasExited)
            {
                await DrainOutputAsync();
                throw new ServerStartException($"yserver exited with code {_process.ExitCode} before it answered on port {Port}:{Environment.NewLine}{Output}");
            }
            try
            {
                using var response = await Http.GetAsync(address);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (started.Elapsed > StartTimeout)
            {
                throw new ServerStartException($"yserver did not answer HTTP on port {Port} within {StartTimeout}:{Environment.NewLine}{Output}");
            }
            await Task.Delay(50);
        }
    }

    private async Task DrainOutputAsync()
    {
        if (_process.HasExited)
        {
            await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output)
            {
                if (_output.Length < OutputLimit)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string ServerDll()
    {
        if (Environment.GetEnvironmentVariable(ServerDllVariable) is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new FileNotFoundException($"{ServerDllVariable} names a file that does not exist", configured);
        }
        var beside = Path.Combine(AppContext.BaseDirectory, "yserver.dll");
        return File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))
            ? beside
            : throw new FileNotFoundException("yserver.dll (with its runtimeconfig.json) is not next to the test assembly", beside);
    }

    // `dotnet test` tells child processes which host runs it; fall back to the host running us, then to PATH.
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }
        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }
}

/// <summary>The server did not come up; the message holds its output.</summary>
internal sealed class ServerStartException(string message) : Exception(message);
