using System.Diagnostics;
using System.Text;
using YServer.Tests.Support;

namespace YServer.Tests.Hosting;

/// <summary>Runs the built <c>yserver</c> once (<c>dotnet yserver.dll VERB …</c>) and collects its exit code and output;
/// stdout is kept as bytes (<c>export -o -</c> writes binary).</summary>
internal static class YServerCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<CliResult> RunAsync(string workingDirectory, string[] args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(ServerProcess.DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "yserver.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start yserver");
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        var stdoutCopy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await stdoutCopy;
        return new CliResult(process.ExitCode, stdout.ToArray(), await stderr, string.Join(' ', args));
    }
}

/// <summary>How one run of the executable ended.</summary>
internal sealed record CliResult(int ExitCode, byte[] StdoutBytes, string Stderr, string Command)
{
    public string Stdout => Encoding.UTF8.GetString(StdoutBytes);

    public override string ToString() =>
        $"yserver {Command} exited {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Stdout}{Environment.NewLine}stderr:{Environment.NewLine}{Stderr}";
}
