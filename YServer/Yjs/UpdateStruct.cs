namespace YServer.Yjs;

/// <summary>One struct of an update, without resolving anything: its ID, length, kind, the header values and
/// where its parent name, parent key and content bytes sit in the buffer the owning model keeps
/// (yjs-wire-format.md §3.4). Byte ranges refer to that buffer; for a decoded v1 update it is the update itself.
/// </summary>
/// <remarks><para><see cref="Content"/> holds the content body exactly as a v1 encoder writes it after the
/// header (for String the varString with its length prefix, for Any the count and the elements, …). A v2
/// decoder can produce those bytes into a side buffer and point at them. For <see cref="ContentRef.Deleted"/>,
/// GC and Skip the writer uses <see cref="Length"/> and ignores <see cref="Content"/>.</para>
/// <para>Values are immutable; build changed copies with <c>with</c>.</para></remarks>
public readonly record struct UpdateStruct
{
    public long Client { get; init; }

    public long Clock { get; init; }

    /// <summary>Clock units covered (UTF-16 code units for strings, elements for Any/JSON).</summary>
    public long Length { get; init; }

    public StructKind Kind { get; init; }

    /// <summary>The info byte as read. GC may carry ignored flag bits; Skip is exactly 10.</summary>
    public byte Info { get; init; }

    public StructId Origin { get; init; }

    public StructId RightOrigin { get; init; }

    public ParentKind ParentKind { get; init; }

    /// <summary>UTF-8 bytes of the root type name when <see cref="ParentKind"/> is <see cref="ParentKind.RootName"/>.</summary>
    public ByteRange ParentName { get; init; }

    /// <summary>The parent item's ID when <see cref="ParentKind"/> is <see cref="ParentKind.Id"/>.</summary>
    public StructId ParentId { get; init; }

    /// <summary>UTF-8 bytes of the map key; meaningful only when <see cref="HasParentSub"/>.</summary>
    public ByteRange ParentSub { get; init; }

    /// <summary>The raw v1 content body (see remarks).</summary>
    public ByteRange Content { get; init; }

    public long End => Clock + Length;

    public StructId Id => new(Client, Clock);

    public ContentRef ContentRef => Kind switch
    {
        StructKind.Gc => ContentRef.Gc,
        StructKind.Skip => ContentRef.Skip,
        _ => (ContentRef)(Info & UpdateInfo.RefMask),
    };

    public bool IsItem => Kind == StructKind.Item;

    public bool HasOrigin => Kind == StructKind.Item && (Info & UpdateInfo.HasOrigin) != 0;

    public bool HasRightOrigin => Kind == StructKind.Item && (Info & UpdateInfo.HasRightOrigin) != 0;

    /// <summary>A map key was on the wire. yjs only reads it when the item has neither origin, so an 0x20 bit
    /// next to an origin (info 0xa8) does not count.</summary>
    public bool HasParentSub => ParentKind != ParentKind.Implicit && (Info & UpdateInfo.HasParentSub) != 0;

    /// <summary>A GC run.</summary>
    public static UpdateStruct Gc(long client, long clock, long length) =>
        new() { Client = client, Clock = clock, Length = length, Kind = StructKind.Gc, Info = 0 };

    /// <summary>A Skip run.</summary>
    public static UpdateStruct Skip(long client, long clock, long length) =>
        new() { Client = client, Clock = clock, Length = length, Kind = StructKind.Skip, Info = UpdateInfo.SkipInfo };

    public override string ToString() => $"{Kind} {ContentRef} {Client}:[{Clock},{End}) info=0x{Info:x2}";
}
