using Microsoft.Extensions.Hosting.Systemd;

namespace YServer.Hosting;

/// <summary>
/// systemd <c>Type=notify</c> support through Microsoft.Extensions.Hosting.Systemd: <c>READY=1</c> once the host has
/// started (the store is open and Kestrel has bound its port: both happen in hosted services, which the host starts
/// before it raises ApplicationStarted, where the lifetime sends READY), <c>STOPPING=1</c> when shutdown begins, and
/// SIGTERM stops the host.
/// </summary>
internal static class SystemdIntegration
{
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    /// <summary>
    /// Uses the systemd lifetime when systemd started the process (what <c>UseSystemd()</c> checks: the parent process
    /// is systemd) <em>or</em> a notify socket is given. The second case is sd_notify(3)'s own rule (notify whenever
    /// <c>NOTIFY_SOCKET</c> is set); it keeps <c>Type=notify</c> working when <c>ExecStart=</c> runs a wrapper script
    /// that does not <c>exec</c> (the parent is then the shell, and plain <c>UseSystemd()</c> would stay silent until
    /// systemd's start timeout kills the unit).
    /// </summary>
    public static void UseYServerSystemd(this IHostBuilder host)
    {
        if (SystemdHelpers.IsSystemdService())
        {
            host.UseSystemd();
        }
        else if (Environment.GetEnvironmentVariable(NotifySocketVariable) is { Length: > 0 })
        {
            host.ConfigureServices(static services =>
            {
                services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
                services.AddSingleton<IHostLifetime, SystemdLifetime>();
            });
        }
    }
}
