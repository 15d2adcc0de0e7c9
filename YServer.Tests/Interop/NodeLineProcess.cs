using System.Diagnostics;
using System.Text;

namespace YServer.Tests.Interop;

/// <summary>
/// A long-lived Node script spoken to in lines: every request is one line on its stdin and gets one
/// line back on its stdout, in order. Used so tests need not start Node per case. Requests are
/// serialized; a timed-out or dead process is killed (with its children) and reported with its stderr.
/// </summary>
internal sealed class NodeLineProcess : IAsyncDisposable
{
    private const int StderrLimit = 64 * 1024;
    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;

    private NodeLineProcess(Process process)
    {
        _process = process;
        _stderrPump = PumpStderrAsync();
    }

    public static NodeLineProcess Start(ProcessStartInfo info)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        return new NodeLineProcess(process);
    }

    /// <summary>Everything the process wrote to stderr so far (capped).</summary>
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

    public async Task<string> RequestAsync(string line, TimeSpan timeout)
    {
        if (line.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("a request must be a single line", nameof(line));
        }
        await _gate.WaitAsync();
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await _process.StandardInput.WriteLineAsync(line.AsMemory(), deadline.Token);
                await _process.StandardInput.FlushAsync(deadline.Token);
                var answer = await _process.StandardOutput.ReadLineAsync(deadline.Token);
                return answer ?? throw new InvalidOperationException(Failure("closed its stdout"));
            }
            catch (OperationCanceledException)
            {
                ProcessRunner.KillTree(_process);
                throw new TimeoutException(Failure($"did not answer within {timeout}"));
            }
            catch (IOException ex)
            {
                throw new InvalidOperationException(Failure("broke the pipe: " + ex.Message), ex);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            ProcessRunner.KillTree(_process);
        }
        await _stderrPump;
        _process.Dispose();
        _gate.Dispose();
    }

    private string Failure(string what) =>
        $"node process {_process.StartInfo.ArgumentList.FirstOrDefault()} {what}; stderr:{Environment.NewLine}{StandardError}";

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
