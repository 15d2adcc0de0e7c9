using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace YServer.Tests.Interop;

/// <summary>
/// A Node client script that keeps running while the test acts on the server (e.g. <c>e2e/persist.mjs stream</c>):
/// its stdout lines are queued for <see cref="WaitForLineAsync"/>, its stderr kept for failure messages, and the
/// process tree is killed on dispose if it is still running.
/// </summary>
internal sealed class NodeClientProcess : IAsyncDisposable
{
    private const int StderrLimit = 256 * 1024;
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private NodeClientProcess(Process process)
    {
        _process = process;
        _stdoutPump = PumpStdoutAsync();
        _stderrPump = PumpStderrAsync();
    }

    public static NodeClientProcess Start(string script, params string[] arguments)
    {
        var node = NodeEnvironment.NodePath ?? throw new InvalidOperationException("node is not on PATH; call NodeEnvironment.RequireAsync() first");
        var info = ProcessRunner.StartInfo(node, arguments.Prepend(script), NodeEnvironment.PackageDirectory);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start node {script}");
        process.StandardInput.Close();
        return new NodeClientProcess(process);
    }

    public string Command => string.Join(' ', _process.StartInfo.ArgumentList);

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Returns the first further stdout line that satisfies <paramref name="match"/>; fails on timeout or exit.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(deadline.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    if (match(line))
                    {
                        return line;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new AssertionException($"`node {Command}` did not print {what} within {timeout}. stderr:{Environment.NewLine}{StandardError}");
        }
        await _stderrPump.WaitAsync(TimeSpan.FromSeconds(5));
        throw new AssertionException($"`node {Command}` exited before printing {what}. stderr:{Environment.NewLine}{StandardError}");
    }

    /// <summary>Waits for the process to end by itself and returns its exit code; kills it and fails after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            ProcessRunner.KillTree(_process);
            throw new AssertionException($"`node {Command}` did not exit within {timeout}; killed it. stderr:{Environment.NewLine}{StandardError}");
        }
        await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(TimeSpan.FromSeconds(5));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        ProcessRunner.KillTree(_process);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private async Task PumpStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            await _lines.Writer.WriteAsync(line);
        }
        _lines.Writer.Complete();
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_stderr)
            {
                if (_stderr.Length < StderrLimit)
                {
                    _stderr.AppendLine(line);
                }
            }
        }
    }
}
