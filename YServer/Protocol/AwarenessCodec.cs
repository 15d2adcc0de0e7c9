using System.Text.Json;
using YServer.Lib0;

namespace YServer.Protocol;

/// <summary>Decodes and encodes awareness updates (y-protocols <c>awareness.js</c>): <c>varUint count</c>, then
/// per entry <c>varUint clientID, varUint clock, varString JSON.stringify(state)</c>.</summary>
public static class AwarenessCodec
{
    /// <summary>Nesting limit for state JSON; System.Text.Json's own default.</summary>
    public const int MaxJsonDepth = 64;

    private static readonly JsonReaderOptions JsonOptions = new() { MaxDepth = MaxJsonDepth };

    /// <summary>Parses every entry of an awareness update into <paramref name="entries"/>. Each state is validated
    /// as one JSON value and copied (it must outlive the receive buffer); a state that is the literal
    /// <c>null</c> (any surrounding whitespace) is normalised to a removal. Callers parse the whole update before
    /// applying any entry and discard the list on an exception, so a bad entry never leaves earlier entries applied
    /// (the reference server keeps the entries before the bad one). Bytes after the last entry are ignored, as
    /// y-protocols ignores them.</summary>
    /// <exception cref="YProtocolException">Truncated input, invalid UTF-8 (<see cref="ProtocolViolation.InvalidUtf8"/>)
    /// or a state that is not JSON (<see cref="ProtocolViolation.InvalidJson"/>).</exception>
    public static void Read(ReadOnlySpan<byte> update, List<AwarenessEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var reader = new Lib0Reader(update);
        // clientID, clock and the state's length prefix take at least one byte each
        var count = reader.ReadCount(3);
        for (var i = 0; i < count; i++)
        {
            var clientId = reader.ReadVarUInt();
            var clock = reader.ReadVarUInt();
            var stateOffset = reader.Position;
            var json = reader.ReadVarStringUtf8();
            if (IsNullJson(json, stateOffset))
            {
                entries.Add(AwarenessEntry.Removal(clientId, clock));
            }
            else
            {
                entries.Add(new AwarenessEntry(clientId, clock, json.ToArray()));
            }
        }
    }

    /// <summary>Encodes a complete awareness message, <c>[1 awareness][varBytes update]</c>, ready to send.</summary>
    public static byte[] EncodeMessage(IReadOnlyList<AwarenessEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var innerLength = VarUInt.Length((ulong)entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            innerLength += VarUInt.Length(e.ClientId) + VarUInt.Length(e.Clock)
                + VarUInt.Length((ulong)e.StateJson.Length) + e.StateJson.Length;
        }

        var message = new byte[1 + VarUInt.Length((ulong)innerLength) + innerLength];
        var span = message.AsSpan();
        span[0] = (byte)MessageType.Awareness;
        var position = 1;
        position += VarUInt.Write(span[position..], (ulong)innerLength);
        position += VarUInt.Write(span[position..], (ulong)entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            position += VarUInt.Write(span[position..], e.ClientId);
            position += VarUInt.Write(span[position..], e.Clock);
            position += VarUInt.Write(span[position..], (ulong)e.StateJson.Length);
            e.StateJson.Span.CopyTo(span[position..]);
            position += e.StateJson.Length;
        }

        return message;
    }

    /// <summary>Validates one JSON value (no trailing content) and reports whether it is <c>null</c>.</summary>
    private static bool IsNullJson(ReadOnlySpan<byte> json, int offset)
    {
        try
        {
            var reader = new Utf8JsonReader(json, JsonOptions);
            if (!reader.Read())
            {
                YProtocolException.Throw(ProtocolViolation.InvalidJson, offset);
            }

            var isNull = reader.TokenType == JsonTokenType.Null;
            reader.Skip();
            if (reader.Read())
            {
                YProtocolException.Throw(ProtocolViolation.InvalidJson, offset);
            }

            return isNull;
        }
        catch (JsonException)
        {
            return YProtocolException.Fail<bool>(ProtocolViolation.InvalidJson, offset);
        }
    }
}
