using YServer.Lib0;
using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>Reads a v1 update into structs (yjs <c>readClientsStructRefs</c>) and its delete set. Root parents are
/// collected by name and resolved by the caller only after the whole update decoded, so a decoding error leaves
/// the document untouched.</summary>
internal ref struct UpdateDecoderV1
{
    private Lib0Reader _reader;

    public UpdateDecoderV1(ReadOnlySpan<byte> update) => _reader = new Lib0Reader(update);

    /// <summary>Per client (in update order; a repeated client replaces the earlier section, as yjs's Map.set
    /// does) the structs of its section.</summary>
    public Dictionary<ulong, ClientStructRefs> ReadClientsStructRefs(out List<(Item Item, string Name)>? rootParents)
    {
        rootParents = null;
        var clientRefs = new Dictionary<ulong, ClientStructRefs>();
        var sections = _reader.ReadCount(2);
        for (var s = 0; s < sections; s++)
        {
            var count = _reader.ReadCount(1);
            var client = _reader.ReadVarUInt();
            var clock = ReadUInt32();
            var section = new ClientStructRefs(count);
            if (clientRefs.Remove(client, out var replaced))
            {
                replaced.Release();
            }

            clientRefs[client] = section;
            for (var i = 0; i < count; i++)
            {
                var info = _reader.ReadByte();
                AbstractStruct read;
                switch (info & 0x1f)
                {
                    case 0:
                        read = new GcStruct(new Id(client, clock), ReadLength());
                        break;
                    case 10:
                        read = new SkipStruct(new Id(client, clock), ReadLength());
                        break;
                    default:
                        var item = ReadItem(new Id(client, clock), info, ref rootParents);
                        NoteForwardOwnReferences(section, item);
                        read = item;
                        break;
                }

                section.Add(read);
                if ((ulong)clock + (ulong)read.Length > uint.MaxValue)
                {
                    YProtocolException.Throw(ProtocolViolation.ClockOverflow, _reader.Position);
                }

                clock += (uint)read.Length;
            }
        }

        return clientRefs;
    }

    private static void NoteForwardOwnReferences(ClientStructRefs section, Item item)
    {
        NoteForwardOwnReference(section, item, item.Origin);
        NoteForwardOwnReference(section, item, item.RightOrigin);
        NoteForwardOwnReference(section, item, item.ParentId);
    }

    private static void NoteForwardOwnReference(ClientStructRefs section, Item item, Id? reference)
    {
        if (reference is { } id && id.Client == item.Id.Client && id.Clock >= item.Id.Clock && id.Clock > section.MaxForwardOwnReference)
        {
            section.MaxForwardOwnReference = id.Clock;
        }
    }

    /// <summary>The delete set, as (client, ranges) in update order.</summary>
    public List<(ulong Client, List<DeleteItem> Ranges)> ReadDeleteSet()
    {
        var clients = _reader.ReadCount(2);
        var result = new List<(ulong, List<DeleteItem>)>(clients);
        for (var i = 0; i < clients; i++)
        {
            var client = _reader.ReadVarUInt();
            var count = _reader.ReadCount(2);
            var ranges = new List<DeleteItem>(count);
            for (var j = 0; j < count; j++)
            {
                var clock = ReadUInt32();
                var length = ReadLength();
                ranges.Add(new DeleteItem(clock, length));
            }

            result.Add((client, ranges));
        }

        return result;
    }

    private Item ReadItem(Id id, byte info, ref List<(Item Item, string Name)>? rootParents)
    {
        Id? origin = (info & 0x80) != 0 ? ReadId() : null;
        Id? rightOrigin = (info & 0x40) != 0 ? ReadId() : null;
        var cantCopyParentInfo = (info & 0xc0) == 0;
        string? rootName = null;
        Id? parentId = null;
        if (cantCopyParentInfo)
        {
            if (_reader.ReadVarUInt() == 1)
            {
                rootName = _reader.ReadVarString();
            }
            else
            {
                parentId = ReadId();
            }
        }

        var parentSub = cantCopyParentInfo && (info & 0x20) != 0 ? _reader.ReadVarString() : null;
        var content = ReadContent(info);
        var item = new Item(id, null, origin, null, rightOrigin, null, parentSub, content) { ParentId = parentId };
        if (rootName is not null)
        {
            (rootParents ??= []).Add((item, rootName));
        }

        return item;
    }

    private AbstractContent ReadContent(byte info)
    {
        var offset = _reader.Position;
        switch (info & 0x1f)
        {
            case 1:
                return new ContentDeleted(ReadLength());
            case 2:
            {
                var length = ReadLength();
                var values = new List<JsValue>(length);
                for (var i = 0; i < length; i++)
                {
                    var text = _reader.ReadVarString();
                    values.Add(text == "undefined" ? JsValue.Undefined : JavaScriptJson.Parse(text, offset));
                }

                return new ContentJson(values);
            }

            case 3:
                return new ContentBinary(_reader.ReadVarBytes().ToArray());
            case 4:
                return new ContentString(_reader.ReadVarString());
            case 5:
                return new ContentEmbed(JavaScriptJson.Parse(_reader.ReadVarString(), offset));
            case 6:
            {
                var key = _reader.ReadVarString();
                return new ContentFormat(key, JavaScriptJson.Parse(_reader.ReadVarString(), offset));
            }

            case 7:
            {
                var typeRef = _reader.ReadVarUInt();
                if (typeRef > TypeRefs.XmlText)
                {
                    YProtocolException.Throw(ProtocolViolation.UnknownTypeRef, offset);
                }

                var name = TypeRefs.HasName((int)typeRef) ? _reader.ReadVarString() : null;
                return new ContentType(TypeRefs.Create((int)typeRef, name));
            }

            case 8:
            {
                var length = ReadLength();
                var values = new List<JsValue>(length);
                for (var i = 0; i < length; i++)
                {
                    values.Add(AnyReader.Read(ref _reader));
                }

                return new ContentAny(values);
            }

            case 9:
            {
                var guid = _reader.ReadVarString();
                return new ContentDoc(guid, AnyReader.Read(ref _reader));
            }

            default:
                YProtocolException.Throw(ProtocolViolation.UnknownContentRef, offset);
                return null!;
        }
    }

    private Id ReadId()
    {
        var client = _reader.ReadVarUInt();
        return new Id(client, ReadUInt32());
    }

    private uint ReadUInt32()
    {
        var offset = _reader.Position;
        var value = _reader.ReadVarUInt();
        if (value > uint.MaxValue)
        {
            YProtocolException.Throw(ProtocolViolation.IntegerOutOfRange, offset, "clocks above 2^32 - 1 are not supported");
        }

        return (uint)value;
    }

    private int ReadLength()
    {
        var offset = _reader.Position;
        var value = _reader.ReadVarUInt();
        if (value > int.MaxValue)
        {
            YProtocolException.Throw(ProtocolViolation.IntegerOutOfRange, offset);
        }

        return (int)value;
    }
}
