namespace YServer.Crdt;

/// <summary>The JavaScript value kinds a shared type can hold outside nested types (lib0's <c>any</c>).</summary>
public enum YValueKind
{
    Undefined,
    Null,
    Boolean,
    Number,
    /// <summary>A JavaScript bigint (64-bit on the wire).</summary>
    BigInt,
    String,
    /// <summary>A <c>Uint8Array</c>.</summary>
    Bytes,
    Array,
    Object,
}
