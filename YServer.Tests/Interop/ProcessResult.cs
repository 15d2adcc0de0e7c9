namespace YServer.Tests.Interop;

/// <summary>What a finished (or killed) child process left behind.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>A message for assertion failures: the command, how it ended and the tail of its stderr.</summary>
    public string Describe()
    {
        var ending = TimedOut ? "timed out and was killed" : $"exited with code {ExitCode}";
        var tail = Stderr.Length > 4000 ? "…" + Stderr[^4000..] : Stderr;
        return $"`{Command}` {ending}.{Environment.NewLine}stderr:{Environment.NewLine}{tail}";
    }
}
