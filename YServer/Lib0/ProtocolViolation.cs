namespace YServer.Lib0;

/// <summary>Every reason a peer's bytes can be rejected. One member per distinct failure, so a log line or
/// a metric can name it without parsing a message string.</summary>
public enum ProtocolViolation
{
    /// <summary>The input ended in the middle of a value.</summary>
    Truncated,
    /// <summary>A variable-length integer used more bytes than any legal value needs.</summary>
    VarIntTooLong,
    /// <summary>An integer is above 2^53 - 1, the largest value JavaScript handles exactly.</summary>
    IntegerOutOfRange,
    /// <summary>A length prefix claims more bytes than are left.</summary>
    LengthExceedsInput,
    /// <summary>A count prefix claims more elements than the remaining bytes could hold.</summary>
    CountExceedsInput,
    /// <summary>A string is not valid UTF-8.</summary>
    InvalidUtf8,
    /// <summary>A lib0 <c>any</c> value has an unknown tag.</summary>
    UnknownAnyTag,
    /// <summary>Nesting is deeper than the configured maximum.</summary>
    DepthExceeded,
    /// <summary>A structural limit (structs, clients, total size) was exceeded.</summary>
    LimitExceeded,
    /// <summary>A struct's content ref is not one Yjs defines.</summary>
    UnknownContentRef,
    /// <summary>A type content's type ref is not one Yjs defines.</summary>
    UnknownTypeRef,
    /// <summary>An info byte combines bits that cannot go together.</summary>
    InvalidInfoByte,
    /// <summary>An item's parent info is neither a root name nor an item id.</summary>
    InvalidParentInfo,
    /// <summary>A struct, content or delete range of length zero.</summary>
    ZeroLength,
    /// <summary>Embedded JSON text does not parse.</summary>
    InvalidJson,
    /// <summary>Clock arithmetic would pass 2^53 - 1.</summary>
    ClockOverflow,
    /// <summary>Bytes are left over after a complete value.</summary>
    TrailingBytes,
    /// <summary>An item's origin or right origin points at its own client's clock or later (yjs cannot apply it).</summary>
    InvalidOrigin,
    /// <summary>A message or sub-message type that is not defined.</summary>
    UnknownMessageType,
    /// <summary>A v2 column ran out of values.</summary>
    ColumnExhausted,
    /// <summary>Content that decodes but cannot be what Yjs wrote (e.g. subdocument options that are not an object).</summary>
    InvalidContent,
    /// <summary>Structs of one client overlap within a single update, or run backwards where order matters, or a
    /// struct would end inside clocks the room already holds beyond a gap.</summary>
    OverlappingStructs,
    /// <summary>A v2 update's feature flag is not 0, the only value yjs writes.</summary>
    UnsupportedFeatureFlag,
    /// <summary>A value yjs itself cannot re-encode (a bigint or <c>undefined</c> as JSON, a subdocument
    /// guid that is not a string, prototype tricks in an <c>any</c> object).</summary>
    UnconvertibleValue,
    /// <summary>Client sections are not in strictly descending client order (every Yjs encoder sorts them).</summary>
    SectionsOutOfOrder,
}
