using YServer.Lib0;

namespace YServer.Protocol;

/// <summary>Decodes the framing of one y-protocols message (yjs-wire-format.md §2).</summary>
public static class ProtocolReader
{
    /// <summary>Reads the outer tag and, for sync and awareness, the sub-tag and the length-prefixed payload.
    /// Unknown outer tags decode without error (the caller decides to ignore them, as the reference server
    /// does). Auth and queryAwareness payloads are not read: the server ignores auth, and queryAwareness has none.
    /// Trailing bytes after the payload are ignored, as y-protocols ignores them.</summary>
    /// <exception cref="YProtocolException">Truncated or malformed framing (<see cref="ProtocolViolation.Truncated"/>,
    /// <see cref="ProtocolViolation.LengthExceedsInput"/>, ...) or an unknown sync sub-tag
    /// (<see cref="ProtocolViolation.UnknownMessageType"/>).</exception>
    public static ProtocolMessage Read(ReadOnlySpan<byte> frame)
    {
        var reader = new Lib0Reader(frame);
        var type = reader.ReadVarUInt();
        switch (type)
        {
            case (ulong)MessageType.Sync:
            {
                var subtypeOffset = reader.Position;
                var subtype = reader.ReadVarUInt();
                if (subtype > (ulong)SyncMessageType.Update)
                {
                    YProtocolException.Throw(ProtocolViolation.UnknownMessageType, subtypeOffset, "sync sub-type");
                }

                var payload = reader.ReadVarBytes();
                return new ProtocolMessage(type, (SyncMessageType)subtype, payload, reader.Position);
            }

            case (ulong)MessageType.Awareness:
            {
                var payload = reader.ReadVarBytes();
                return new ProtocolMessage(type, default, payload, reader.Position);
            }

            default:
                return new ProtocolMessage(type, default, default, reader.Position);
        }
    }
}
