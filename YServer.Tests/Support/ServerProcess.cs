using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace YServer.Tests.Support;

/// <summary>The built <c>yserver</c> executable as a child process (for signals and exit codes). Output lines are
/// collected so a test can await one (the listening line carries the bound port).</summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _all = [];

    private ServerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    public static ServerProcess Start(string workingDirectory, params string[] args) => Start(workingDirectory, null, args);

    /// <summary>Starts the built server with extra environment variables (null removes one).</summary>
    public static ServerProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        StartExecutable(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "yserver.dll"), .. args], workingDirectory, environment);

    /// <summary>Starts any build of the server (a published binary, or <c>dotnet</c> with a dll as first argument) with
    /// extra environment variables (a null value removes the variable).</summary>
    public static ServerProcess StartExecutable(
        string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        (fileName, args) = InheritedSignals.WithDefaultInterrupt(fileName, args);
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The WebSocket base URL in a listening line (<c>listening on ws://…</c>), with a trailing slash.</summary>
    public static Uri ParseListeningUri(string line) => new(ListeningLine().Match(line).Groups["uri"].Value.TrimEnd('/') + "/");

    /// <summary>Starts the server on port 0 and returns it with its WebSocket base URL, read from the listening line.</summary>
    public static Task<(ServerProcess Server, Uri Uri)> StartListeningAsync(string workingDirectory, params string[] args) =>
        StartListeningAsync(workingDirectory, null, args);

    /// <summary>As <see cref="StartListeningAsync(string, string[])"/>, with extra environment variables.</summary>
    public static async Task<(ServerProcess Server, Uri Uri)> StartListeningAsync(
        string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var server = Start(workingDirectory, environment, ["--port", "0", .. args]);
        var line = await server.WaitForLineAsync(ListeningLine());
        return (server, ParseListeningUri(line));
    }

    public async Task<string> WaitForLineAsync(Regex pattern)
    {
        while (true)
        {
            var read = _lines.Reader.ReadAsync().AsTask();
            var line = await read.DefaultTimeout();
            if (pattern.IsMatch(line))
            {
                return line;
            }
        }
    }

    /// <summary>Sends a POSIX signal with <c>kill</c> (SIGTERM = TERM, SIGINT = INT).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().DefaultTimeout();
        Assert.That(kill.ExitCode, Is.Zero, "kill failed");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            foreach (var line in Output)
            {
                TestContext.Out.WriteLine(line);
            }
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_all)
        {
            _all.Add(line);
        }

        _lines.Writer.TryWrite(line);
    }

    public static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }

    [GeneratedRegex(@"listening on (?<uri>ws://\S+)")]
    private static partial Regex ListeningLine();
}
