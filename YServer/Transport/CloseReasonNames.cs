namespace YServer.Transport;

/// <summary><see cref="CloseReason"/> names as cached strings, for metric tags (an enum's ToString allocates).</summary>
internal static class CloseReasonNames
{
    private static readonly string[] Names = Enum.GetNames<CloseReason>();

    public static string Get(CloseReason reason)
    {
        var index = (int)reason;
        return (uint)index < (uint)Names.Length ? Names[index] : "Unknown";
    }
}
