using System.Text;
using YServer.Tests.Support;

namespace YServer.Tests.Resilience;

/// <summary>Real Yjs v1 updates built by hand: client <c>c</c> inserts an ASCII string at the start of root text
/// "t" (clock 0, no origin), the same shape as <see cref="Wire.Hello"/>. Every client id gives an independent update
/// that any room accepts, of any size.</summary>
internal static class TextUpdates
{
    public static byte[] Insert(ulong clientId, string ascii)
    {
        var text = Encoding.ASCII.GetBytes(ascii);
        var update = new List<byte> { 1, 1 };
        update.AddRange(Wire.VarUInt(clientId));
        update.AddRange([0, 4, 1, 1, (byte)'t']);
        update.AddRange(Wire.VarUInt((ulong)text.Length));
        update.AddRange(text);
        update.Add(0);
        return [.. update];
    }

    public static byte[] Insert(ulong clientId, int length) => Insert(clientId, new string((char)('a' + (int)(clientId % 26)), length));
}
