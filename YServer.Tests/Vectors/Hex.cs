namespace YServer.Tests.Vectors;

/// <summary>Lowercase hex, as the vector file writes bytes.</summary>
public static class Hex
{
    public static byte[] Decode(string hex) => Convert.FromHexString(hex);

    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
