using System.Globalization;

namespace YServer.Tests.Fuzz;

/// <summary>The seed of every randomized test: <c>YSERVER_TEST_SEED</c> when set, otherwise a fixed default.
/// Failure messages print it so a run can be repeated.</summary>
public static class FuzzSeed
{
    public const int Default = 0x5eed1234;

    public static int Value
    {
        get
        {
            var text = Environment.GetEnvironmentVariable("YSERVER_TEST_SEED");
            if (string.IsNullOrWhiteSpace(text))
            {
                return Default;
            }

            return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? int.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : int.Parse(text, CultureInfo.InvariantCulture);
        }
    }
}
