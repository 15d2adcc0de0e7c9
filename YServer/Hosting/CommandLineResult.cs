namespace YServer.Hosting;

/// <summary>What parsing the command line decided: run with these options, or exit now with this code
/// (0 after --help/--version, 2 after a bad argument).</summary>
internal sealed record CommandLineResult(CommandLineOptions? Options, int ExitCode)
{
    public bool ShouldRun => Options is not null;
}
