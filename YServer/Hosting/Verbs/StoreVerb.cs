using CommandLine;

namespace YServer.Hosting.Verbs;

/// <summary>A verb that works on a store offline: the options every such verb takes, and its body. The store is opened
/// (and locked against a running server) by <see cref="VerbRunner"/> before <see cref="RunAsync"/> runs.</summary>
internal abstract class StoreVerb
{
    [Option("store", MetaValue = "DIR", HelpText = "Directory of the document store (default: Storage:Path from the settings, ./data).")]
    public string? Store { get; set; }

    [Option("config", MetaValue = "FILE", HelpText = "Settings file (default appsettings.json beside the executable or in the working directory).")]
    public string? ConfigFile { get; set; }

    /// <summary>False for verbs that only read: they refuse a folder without a store instead of creating one.</summary>
    public virtual bool CreatesStore => false;

    /// <summary>Checks the arguments beyond what the parser does; returns the problem, or null.</summary>
    public virtual string? CheckArguments() => null;

    /// <summary>Does the work; returns the exit code (<see cref="VerbExitCodes"/>).</summary>
    public abstract Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken);
}

/// <summary>Exit codes of the verbs.</summary>
internal static class VerbExitCodes
{
    public const int Ok = 0;

    /// <summary>The verb ran and failed: room not found, file not a valid update, corruption found by <c>check</c>.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments or settings.</summary>
    public const int BadArguments = Arguments.ExitBadArguments;

    /// <summary>A running yserver (or another verb) holds the store.</summary>
    public const int StoreInUse = 3;
}
