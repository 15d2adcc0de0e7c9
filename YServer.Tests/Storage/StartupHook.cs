using System.Diagnostics.CodeAnalysis;
using YServer.Tests.Storage;

/// <summary>
/// Entry point of the crash-test child process. The crash tests start <c>dotnet YServer.Tests.dll</c> with
/// <c>DOTNET_STARTUP_HOOKS</c> pointing at this same assembly; the runtime then calls <see cref="Initialize"/> before
/// the (empty, generated) test-host <c>Main</c>. This keeps the child inside the test project, without a separate
/// console project or a change to the test project's generated entry point, and it works from a plain
/// <c>dotnet test YServer.sln</c> on a fresh clone. Without the environment variable nothing happens.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime looks for StartupHook in the global namespace.")]
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(StorageCrashChild.ModeVariable) is { Length: > 0 } mode)
        {
            Environment.Exit(StorageCrashChild.Run(mode));
        }
    }
}
