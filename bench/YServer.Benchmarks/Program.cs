using BenchmarkDotNet.Running;

namespace YServer.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["--held-memory"])
        {
            HeldMemory.Print();
            return;
        }

        if (args is ["--quick", .. var names])
        {
            QuickRun.Run(names);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
