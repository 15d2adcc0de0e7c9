using YServer.Lib0;

namespace YServer.Yjs.Gc;

/// <summary>A v1 update parsed just far enough to garbage-collect it: sections, structs with their byte
/// ranges and references, and the delete set (raw bytes plus merged per-client ranges). Parsing is strict
/// (yjs-wire-format.md §10): bounds, counts against remaining bytes, zero lengths, info/parent/type refs,
/// UTF-8, any depth, clocks up to 2^53 - 1, no trailing bytes.</summary>
internal sealed class SnapshotUpdate
{
    private SnapshotUpdate(SnapshotSection[] sections, SnapshotStruct[] structs, int deleteSetStart, DeletedRanges deleted)
    {
        Sections = sections;
        Structs = structs;
        DeleteSetStart = deleteSetStart;
        Deleted = deleted;
    }

    public SnapshotSection[] Sections { get; }

    public SnapshotStruct[] Structs { get; }

    /// <summary>Offset where the delete set starts; it runs to the end of the input.</summary>
    public int DeleteSetStart { get; }

    public DeletedRanges Deleted { get; }

    public static SnapshotUpdate Parse(ReadOnlySpan<byte> update)
    {
        var reader = new Lib0Reader(update);
        // a section needs numStructs, client and startClock: at least 3 bytes
        var sectionCount = reader.ReadCount(3);
        var sections = new SnapshotSection[sectionCount];
        var structs = new List<SnapshotStruct>();
        for (var s = 0; s < sectionCount; s++)
        {
            // a struct needs at least an info byte and one more byte
            var count = reader.ReadCount(2);
            var client = reader.ReadVarUInt();
            var clock = reader.ReadVarUInt();
            sections[s] = new SnapshotSection(client, clock, structs.Count, count);
            for (var i = 0; i < count; i++)
            {
                var item = ReadStruct(ref reader, client, clock);
                clock = item.EndClock;
                if (clock > Lib0Reader.MaxSafeInteger)
                {
                    YProtocolException.Throw(ProtocolViolation.ClockOverflow, item.Start);
                }

                structs.Add(item);
            }
        }

        var deleteSetStart = reader.Position;
        var deleted = DeletedRanges.Read(ref reader);
        if (!reader.IsAtEnd)
        {
            YProtocolException.Throw(ProtocolViolation.TrailingBytes, reader.Position);
        }

        return new SnapshotUpdate(sections, [.. structs], deleteSetStart, deleted);
    }

    private static SnapshotStruct ReadStruct(ref Lib0Reader reader, ulong client, ulong clock)
    {
        var result = new SnapshotStruct { Client = client, Clock = clock, Start = reader.Position };
        var info = reader.ReadByte();
        result.Info = info;
        var contentRef = info & 0x1f;
        if (contentRef is 0 or 10)
        {
            if (contentRef == 10 && info != 10)
            {
                // only the lazy readers' exact 10 is a Skip; anything else makes them throw
                YProtocolException.Throw(ProtocolViolation.InvalidInfoByte, result.Start);
            }

            result.Kind = contentRef == 0 ? SnapshotStructKind.Gc : SnapshotStructKind.Skip;
            result.Length = NonZero(ref reader, reader.ReadVarUInt());
            result.ContentStart = reader.Position;
            result.End = reader.Position;
            return result;
        }

        if (contentRef > 10)
        {
            YProtocolException.Throw(ProtocolViolation.UnknownContentRef, result.Start);
        }

        result.Kind = SnapshotStructKind.Item;
        if ((info & 0x80) != 0)
        {
            result.HasOrigin = true;
            result.OriginClient = reader.ReadVarUInt();
            result.OriginClock = reader.ReadVarUInt();
        }

        if ((info & 0x40) != 0)
        {
            result.HasRightOrigin = true;
            result.RightOriginClient = reader.ReadVarUInt();
            result.RightOriginClock = reader.ReadVarUInt();
        }

        if ((info & 0xc0) == 0)
        {
            var parentInfoOffset = reader.Position;
            switch (reader.ReadVarUInt())
            {
                case 1:
                    result.ParentKind = SnapshotParentKind.Root;
                    reader.ReadVarStringUtf8();
                    break;
                case 0:
                    result.ParentKind = SnapshotParentKind.Item;
                    result.ParentClient = reader.ReadVarUInt();
                    result.ParentClock = reader.ReadVarUInt();
                    break;
                default:
                    YProtocolException.Throw(ProtocolViolation.InvalidParentInfo, parentInfoOffset);
                    break;
            }

            if ((info & 0x20) != 0)
            {
                reader.ReadVarStringUtf8();
            }
        }

        result.ContentStart = reader.Position;
        result.Length = SkipContent(ref reader, contentRef);
        result.End = reader.Position;
        return result;
    }

    /// <summary>Skips an item's content and returns its length in clocks.</summary>
    private static ulong SkipContent(ref Lib0Reader reader, int contentRef)
    {
        switch (contentRef)
        {
            case 1: // Deleted
                return NonZero(ref reader, reader.ReadVarUInt());
            case 2: // JSON: n varStrings
            {
                var count = NonZero(ref reader, (ulong)reader.ReadCount(1));
                for (ulong i = 0; i < count; i++)
                {
                    reader.ReadVarStringUtf8();
                }

                return count;
            }

            case 3: // Binary
                reader.ReadVarBytes();
                return 1;
            case 4: // String
            {
                reader.ReadVarStringUtf8(out var units);
                return NonZero(ref reader, (ulong)units);
            }

            case 5: // Embed
                reader.ReadVarStringUtf8();
                return 1;
            case 6: // Format
                reader.ReadVarStringUtf8();
                reader.ReadVarStringUtf8();
                return 1;
            case 7: // Type
            {
                var offset = reader.Position;
                var typeRef = reader.ReadVarUInt();
                if (typeRef > 6)
                {
                    YProtocolException.Throw(ProtocolViolation.UnknownTypeRef, offset);
                }

                if (typeRef is 3 or 5)
                {
                    reader.ReadVarStringUtf8();
                }

                return 1;
            }

            case 8: // Any
            {
                var count = NonZero(ref reader, (ulong)reader.ReadCount(1));
                for (ulong i = 0; i < count; i++)
                {
                    reader.SkipAny();
                }

                return count;
            }

            case 9: // Doc
                reader.ReadVarStringUtf8();
                reader.SkipAny();
                return 1;
            default:
                return YProtocolException.Fail<ulong>(ProtocolViolation.UnknownContentRef, reader.Position);
        }
    }

    private static ulong NonZero(ref Lib0Reader reader, ulong length)
    {
        if (length == 0)
        {
            YProtocolException.Throw(ProtocolViolation.ZeroLength, reader.Position);
        }

        return length;
    }
}
