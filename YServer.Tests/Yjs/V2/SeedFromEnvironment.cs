using System.Globalization;

namespace YServer.Tests.Yjs.V2;

/// <summary>Seeds for randomized tests: <c>YSERVER_TEST_SEED</c> overrides the fixed default, so any failure
/// (which prints its seed) can be replayed.</summary>
internal static class SeedFromEnvironment
{
    public const string EnvironmentVariable = "YSERVER_TEST_SEED";

    public static int Get(int defaultSeed)
    {
        var text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(text) ? defaultSeed : int.Parse(text, CultureInfo.InvariantCulture);
    }
}
