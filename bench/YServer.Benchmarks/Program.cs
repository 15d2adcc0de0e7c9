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

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
