using YServer.Lib0;

namespace YServer.Yjs;

/// <summary>Writes one struct in the v1 format, optionally sliced, the way yjs's <c>Item.write</c>,
/// <c>GC.write</c> and <c>Skip.write</c> do (yjs-wire-format.md §3.2, §7.2).</summary>
public static class StructEncoder
{
    // Content is only re-walked when slicing; it was validated when decoded, so this bound only stops
    // runaway recursion on a hand-built model.
    private const int SliceAnyDepth = 1000;

    /// <summary>Writes <paramref name="value"/> starting <paramref name="offset"/> clock units into it.</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="value">The struct; its byte ranges refer to <paramref name="source"/>.</param>
    /// <param name="source">The buffer the struct's ranges point into.</param>
    /// <param name="offset">0 for the whole struct, or <c>0 &lt; offset &lt; Length</c> for the part from
    /// <c>Clock + offset</c> on (the slice gets origin <c>(Client, Clock + offset − 1)</c>).</param>
    /// <param name="keepInfo">Write the info byte as read when not slicing (byte-identical re-encoding). When
    /// false the byte is recomputed as yjs does on re-encoding: GC flag bits and an 0x20 bit that sits next to
    /// an origin are dropped.</param>
    public static void Write(Lib0Writer writer, in UpdateStruct value, ReadOnlySpan<byte> source, long offset, bool keepInfo)
    {
        if (offset < 0 || offset >= value.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "A slice must leave at least one clock.");
        }

        switch (value.Kind)
        {
            case StructKind.Gc:
                writer.WriteByte(keepInfo && offset == 0 ? value.Info : UpdateInfo.GcInfo);
                writer.WriteVarUInt((ulong)(value.Length - offset));
                return;
            case StructKind.Skip:
                writer.WriteByte(UpdateInfo.SkipInfo);
                writer.WriteVarUInt((ulong)(value.Length - offset));
                return;
            default:
                WriteItem(writer, value, source, offset, keepInfo);
                return;
        }
    }

    /// <summary>The info byte yjs writes for <paramref name="value"/> sliced at <paramref name="offset"/>.</summary>
    public static byte ComputeInfo(in UpdateStruct value, long offset)
    {
        switch (value.Kind)
        {
            case StructKind.Gc:
                return UpdateInfo.GcInfo;
            case StructKind.Skip:
                return UpdateInfo.SkipInfo;
            default:
                var info = (byte)(value.Info & UpdateInfo.RefMask);
                if (offset > 0 || value.HasOrigin)
                {
                    info |= UpdateInfo.HasOrigin;
                }

                if (value.HasRightOrigin)
                {
                    info |= UpdateInfo.HasRightOrigin;
                }

                if (value.HasParentSub)
                {
                    info |= UpdateInfo.HasParentSub;
                }

                return info;
        }
    }

    private static void WriteItem(Lib0Writer writer, in UpdateStruct value, ReadOnlySpan<byte> source, long offset, bool keepInfo)
    {
        writer.WriteByte(keepInfo && offset == 0 ? value.Info : ComputeInfo(value, offset));
        var hasOrigin = offset > 0 || value.HasOrigin;
        if (hasOrigin)
        {
            var origin = offset > 0 ? new StructId(value.Client, value.Clock + offset - 1) : value.Origin;
            WriteId(writer, origin);
        }

        if (value.HasRightOrigin)
        {
            WriteId(writer, value.RightOrigin);
        }

        if (!hasOrigin && !value.HasRightOrigin)
        {
            switch (value.ParentKind)
            {
                case ParentKind.RootName:
                    writer.WriteVarUInt(1);
                    writer.WriteVarBytes(value.ParentName.Of(source));
                    break;
                case ParentKind.Id:
                    writer.WriteVarUInt(0);
                    WriteId(writer, value.ParentId);
                    break;
                default:
                    throw new InvalidOperationException("An item without origins needs an explicit parent.");
            }

            if (value.HasParentSub)
            {
                writer.WriteVarBytes(value.ParentSub.Of(source));
            }
        }

        WriteContent(writer, value, source, offset);
    }

    private static void WriteContent(Lib0Writer writer, in UpdateStruct value, ReadOnlySpan<byte> source, long offset)
    {
        var contentRef = value.ContentRef;
        if (contentRef == ContentRef.Deleted)
        {
            writer.WriteVarUInt((ulong)(value.Length - offset));
            return;
        }

        var content = value.Content.Of(source);
        if (offset == 0)
        {
            writer.WriteBytes(content);
            return;
        }

        var reader = new Lib0Reader(content);
        switch (contentRef)
        {
            case ContentRef.String:
                WriteStringSuffix(writer, reader.ReadVarBytes(), offset);
                return;
            case ContentRef.Any:
            {
                var count = (long)reader.ReadVarUInt();
                for (var i = 0L; i < offset; i++)
                {
                    reader.SkipAny(SliceAnyDepth);
                }

                writer.WriteVarUInt((ulong)(count - offset));
                writer.WriteBytes(reader.RemainingSpan);
                return;
            }

            case ContentRef.Json:
            {
                var count = (long)reader.ReadVarUInt();
                for (var i = 0L; i < offset; i++)
                {
                    reader.ReadVarBytes();
                }

                writer.WriteVarUInt((ulong)(count - offset));
                writer.WriteBytes(reader.RemainingSpan);
                return;
            }

            default:
                throw new InvalidOperationException($"Content {contentRef} has length 1 and cannot be sliced.");
        }
    }

    /// <summary>The UTF-8 of the string from UTF-16 unit <paramref name="offset"/> on. A cut inside a surrogate
    /// pair leaves a lone low surrogate, which yjs's encoder (and ContentString.splice) turns into U+FFFD.</summary>
    private static void WriteStringSuffix(Lib0Writer writer, ReadOnlySpan<byte> utf8, long offset)
    {
        var units = 0L;
        var at = 0;
        while (at < utf8.Length && units < offset)
        {
            var lead = utf8[at];
            var size = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
            if (size == 4 && units + 1 == offset)
            {
                // The cut falls between the two halves of this pair.
                var rest = utf8[Math.Min(utf8.Length, at + 4)..];
                writer.WriteVarUInt((ulong)(rest.Length + 3));
                writer.WriteBytes("\uFFFD"u8);
                writer.WriteBytes(rest);
                return;
            }

            units += size == 4 ? 2 : 1;
            at = Math.Min(utf8.Length, at + size);
        }

        writer.WriteVarBytes(utf8[at..]);
    }

    private static void WriteId(Lib0Writer writer, StructId id)
    {
        writer.WriteVarUInt((ulong)id.Client);
        writer.WriteVarUInt((ulong)id.Clock);
    }
}
