namespace YServer;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("yserver");
        return args.Length == 0 ? 0 : 0;
    }
}
