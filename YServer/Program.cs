using YServer.Hosting;

namespace YServer;

/// <summary>Entry point: everything else lives in <see cref="YServerHost"/>.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => YServerHost.RunAsync(args);
}
