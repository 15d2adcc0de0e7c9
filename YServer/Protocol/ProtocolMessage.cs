namespace YServer.Protocol;

/// <summary>One decoded y-protocols frame. The payload is a slice of the frame (no copy): copy it before the
/// receive buffer is reused.</summary>
public readonly ref struct ProtocolMessage
{
    public ProtocolMessage(ulong rawType, SyncMessageType syncType, ReadOnlySpan<byte> payload, int payloadEnd)
    {
        RawType = rawType;
        SyncType = syncType;
        Payload = payload;
        PayloadEnd = payloadEnd;
    }

    /// <summary>The outer tag as read; may be a value y-protocols does not define.</summary>
    public ulong RawType { get; }

    /// <summary>True for the four outer tags y-protocols defines.</summary>
    public bool IsKnownType => RawType <= (ulong)MessageType.QueryAwareness;

    /// <summary>The outer tag; only meaningful when <see cref="IsKnownType"/>.</summary>
    public MessageType Type => (MessageType)RawType;

    /// <summary>The sync sub-tag; only meaningful for <see cref="MessageType.Sync"/>.</summary>
    public SyncMessageType SyncType { get; }

    /// <summary>Sync: the state vector (step 1) or the update (step 2, update). Awareness: the awareness update.
    /// Empty for the other types.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Offset just past the parsed part of the frame. Bytes after it are ignored, as y-protocols does.</summary>
    public int PayloadEnd { get; }
}
