using System.Buffers;
using YServer.Lib0;

namespace YServer.Yjs;

/// <summary>A state vector: per client, the next clock a peer expects, i.e. how many clock units it has
/// (yjs-wire-format.md §6).</summary>
public sealed class StateVector
{
    private readonly Dictionary<long, long> _clocks;

    public StateVector()
    {
        _clocks = [];
    }

    private StateVector(Dictionary<long, long> clocks)
    {
        _clocks = clocks;
    }

    public int Count => _clocks.Count;

    public IReadOnlyDictionary<long, long> Clocks => _clocks;

    /// <summary>The clock for <paramref name="client"/>, 0 when absent.</summary>
    public long Get(long client) => _clocks.TryGetValue(client, out var clock) ? clock : 0;

    public void Set(long client, long clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(clock);
        _clocks[client] = clock;
    }

    /// <summary>Decodes the v1 state-vector encoding. Clients may come in any order; a repeated client takes
    /// its last value (yjs reads into a map). Bytes after the vector are rejected.</summary>
    /// <exception cref="YProtocolException">Malformed or truncated input.</exception>
    public static StateVector Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new Lib0Reader(encoded);
        var count = reader.ReadCount(2);
        var clocks = new Dictionary<long, long>(count);
        for (var i = 0; i < count; i++)
        {
            var client = (long)reader.ReadVarUInt();
            clocks[client] = (long)reader.ReadVarUInt();
        }

        if (!reader.IsAtEnd)
        {
            YProtocolException.Throw(ProtocolViolation.TrailingBytes, reader.Position);
        }

        return new StateVector(clocks);
    }

    /// <summary>Encodes with clients in descending order, as <c>Y.encodeStateVector</c> does. Clients with
    /// clock 0 are written too if they were set.</summary>
    public byte[] Encode()
    {
        var output = new ArrayBufferWriter<byte>(1 + (_clocks.Count * 10));
        Encode(output);
        return output.WrittenSpan.ToArray();
    }

    public void Encode(IBufferWriter<byte> output)
    {
        var clients = new long[_clocks.Count];
        _clocks.Keys.CopyTo(clients, 0);
        Array.Sort(clients);
        var writer = new Lib0Writer(output);
        writer.WriteVarUInt((ulong)clients.Length);
        for (var i = clients.Length - 1; i >= 0; i--)
        {
            writer.WriteVarUInt((ulong)clients[i]);
            writer.WriteVarUInt((ulong)_clocks[clients[i]]);
        }
    }
}
