using System.Diagnostics;

namespace YServer.Hosting;

/// <summary>Startup checkpoints for finding where the milliseconds between process start and the first accepted
/// connection go: with <c>YSERVER_STARTUP_TRACE=1</c> each <see cref="Mark"/> writes one line to stderr with the time
/// since the process started. Off (one static bool check) otherwise.</summary>
internal static class StartupTrace
{
    public const string EnvironmentVariable = "YSERVER_STARTUP_TRACE";

    private static readonly bool Enabled = Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    private static readonly DateTime ProcessStart = Enabled ? Process.GetCurrentProcess().StartTime.ToUniversalTime() : default;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Seen = new(StringComparer.Ordinal);

    /// <summary>Marks <paramref name="checkpoint"/> the first time it is reached only (for per-request code).</summary>
    public static void MarkFirst(string checkpoint)
    {
        if (Enabled && Seen.TryAdd(checkpoint, true))
        {
            Mark(checkpoint);
        }
    }

    public static void Mark(string checkpoint)
    {
        if (Enabled)
        {
            Console.Error.WriteLine($"startup {(DateTime.UtcNow - ProcessStart).TotalMilliseconds,7:F1} ms  [{Environment.CurrentManagedThreadId,2}] {checkpoint}");
        }
    }
}
