using System.Buffers;
using YServer.Lib0;
using YServer.Yjs.Js;

namespace YServer.Yjs.V2;

/// <summary><c>Y.convertUpdateFormatV2ToV1</c>, byte for byte: a streaming v2 reader (yjs-wire-format.md
/// §5.1–5.2) feeding a v1 writer (§3), with yjs's lazy-writer behaviour (consecutive structs of one
/// client share a section, the parentSub bit goes when an origin exists, content values are re-encoded
/// through JavaScript semantics, the delete set is regrouped per client in descending order).
/// <para>Unlike lib0 it trusts nothing: exhausted columns, zero-length structs, counts that the remaining
/// input cannot hold, clocks past 2^53 - 1, a non-zero feature flag and trailing bytes are rejected, and
/// the number of structs and output bytes are capped relative to the input size, because v2 run-length
/// columns can describe billions of structs in a few bytes (malformed <c>v2-empty-columns-infinite-structs</c>).</para></summary>
internal ref struct V2ToV1Converter
{
    /// <summary>Structs allowed per input byte (plus <see cref="BaseStructs"/>). Real v2 updates stay far
    /// below: every struct needs content, origins or lengths that run-length coding only rarely shares.</summary>
    public const int StructsPerInputByte = 64;
    public const int BaseStructs = 1024;
    public const int OutputBytesPerInputByte = 64;
    public const int BaseOutputBytes = 64 * 1024;

    private const byte InfoOrigin = 0x80;
    private const byte InfoRightOrigin = 0x40;
    private const byte InfoParentSub = 0x20;
    private const byte RefMask = 0x1f;
    private const byte SkipInfo = 10;

    private readonly ReadOnlySpan<byte> _input;
    private readonly long _maxStructs;
    private readonly long _maxOutputBytes;
    private Lib0Reader _rest;
    private IntDiffOptRleColumn _keyClocks;
    private UintOptRleColumn _clients;
    private IntDiffOptRleColumn _leftClocks;
    private IntDiffOptRleColumn _rightClocks;
    private RleByteColumn _infos;
    private StringColumn _strings;
    private RleByteColumn _parentInfos;
    private UintOptRleColumn _typeRefs;
    private UintOptRleColumn _lengths;
    private readonly KeyTable _keys = new();
    private readonly ArrayBufferWriter<byte> _body;
    private readonly List<Section> _sections = [];
    private long _structCount;

    private V2ToV1Converter(ReadOnlySpan<byte> input, long maxStructs, long maxOutputBytes)
    {
        _input = input;
        _maxStructs = maxStructs;
        _maxOutputBytes = maxOutputBytes;
        _body = new ArrayBufferWriter<byte>(Math.Max(256, input.Length * 2));
        _rest = new Lib0Reader(input);

        var flagOffset = _rest.Position;
        if (_rest.ReadVarUInt() != 0)
        {
            YProtocolException.Throw(ProtocolViolation.UnsupportedFeatureFlag, flagOffset);
        }

        var (start, end) = V2Column.ReadBounds(ref _rest);
        _keyClocks = new IntDiffOptRleColumn(input, start, end);
        (start, end) = V2Column.ReadBounds(ref _rest);
        _clients = new UintOptRleColumn(input, start, end);
        (start, end) = V2Column.ReadBounds(ref _rest);
        _leftClocks = new IntDiffOptRleColumn(input, start, end);
        (start, end) = V2Column.ReadBounds(ref _rest);
        _rightClocks = new IntDiffOptRleColumn(input, start, end);
        (start, end) = V2Column.ReadBounds(ref _rest);
        _infos = new RleByteColumn(input, start, end);
        (start, end) = V2Column.ReadBounds(ref _rest);
        _strings = new StringColumn(input, start, end);
        (start, end) = V2Column.ReadBounds(ref _rest);
        _parentInfos = new RleByteColumn(input, start, end);
        (start, end) = V2Column.ReadBounds(ref _rest);
        _typeRefs = new UintOptRleColumn(input, start, end);
        (start, end) = V2Column.ReadBounds(ref _rest);
        _lengths = new UintOptRleColumn(input, start, end);
    }

    /// <summary>Converts with the default caps (<see cref="StructsPerInputByte"/>, <see cref="OutputBytesPerInputByte"/>).</summary>
    public static byte[] Convert(ReadOnlySpan<byte> updateV2) =>
        Convert(
            updateV2,
            BaseStructs + ((long)StructsPerInputByte * updateV2.Length),
            BaseOutputBytes + ((long)OutputBytesPerInputByte * updateV2.Length));

    public static byte[] Convert(ReadOnlySpan<byte> updateV2, long maxStructs, long maxOutputBytes)
    {
        var converter = new V2ToV1Converter(updateV2, maxStructs, maxOutputBytes);
        return converter.Run();
    }

    private byte[] Run()
    {
        ConvertStructs();
        var deleteSet = ReadDeleteSet();
        if (!_rest.IsAtEnd)
        {
            YProtocolException.Throw(ProtocolViolation.TrailingBytes, _rest.Position);
        }

        var output = new ArrayBufferWriter<byte>(_body.WrittenCount + 16);
        var writer = new Lib0Writer(output);
        writer.WriteVarUInt((ulong)_sections.Count);
        var body = _body.WrittenSpan;
        foreach (var section in _sections)
        {
            writer.WriteVarUInt((ulong)section.Count);
            writer.WriteVarUInt(section.Client);
            writer.WriteVarUInt(section.StartClock);
            writer.WriteBytes(body[section.Start..section.End]);
        }

        WriteDeleteSet(writer, deleteSet);
        return output.WrittenSpan.ToArray();
    }

    private void ConvertStructs()
    {
        // each section needs at least numStructs and startClock in the rest stream
        var sectionCount = _rest.ReadCount(2);
        var body = new Lib0Writer(_body);
        for (var s = 0; s < sectionCount; s++)
        {
            var structCount = _rest.ReadVarUInt();
            var client = _clients.Read();
            var clock = _rest.ReadVarUInt();
            for (ulong i = 0; i < structCount; i++)
            {
                if (++_structCount > _maxStructs)
                {
                    YProtocolException.Throw(ProtocolViolation.LimitExceeded, _rest.Position, "struct count");
                }

                BeginStruct(client, clock);
                var length = ConvertStruct(body);
                clock += length;
                if (clock > Lib0Reader.MaxSafeInteger)
                {
                    YProtocolException.Throw(ProtocolViolation.ClockOverflow, _rest.Position);
                }

                EndStruct();
            }
        }
    }

    /// <summary>yjs's LazyStructWriter: a new section starts whenever the client differs from the previous
    /// struct's, so consecutive input sections of one client become one (their clocks are then implied by
    /// the first start clock, exactly as yjs writes them).</summary>
    private void BeginStruct(ulong client, ulong clock)
    {
        if (_sections.Count > 0 && _sections[^1].Client == client)
        {
            return;
        }

        _sections.Add(new Section(client, clock, _body.WrittenCount));
    }

    private readonly void EndStruct()
    {
        var section = _sections[^1];
        section.Count++;
        section.End = _body.WrittenCount;
        if (_body.WrittenCount > _maxOutputBytes)
        {
            YProtocolException.Throw(ProtocolViolation.LimitExceeded, _rest.Position, "output size");
        }
    }

    /// <summary>Reads one struct from the columns and writes it as v1; returns its length in clocks.</summary>
    private ulong ConvertStruct(Lib0Writer body)
    {
        var info = _infos.Read();
        var contentRef = info & RefMask;
        if (info == SkipInfo)
        {
            var skipLength = ReadNonZero(_rest.ReadVarUInt());
            body.WriteByte(SkipInfo);
            body.WriteVarUInt(skipLength);
            return skipLength;
        }

        if (contentRef == 0)
        {
            // GC; yjs ignores flag bits here and always writes info 0
            var gcLength = ReadNonZero(_lengths.Read());
            body.WriteByte(0);
            body.WriteVarUInt(gcLength);
            return gcLength;
        }

        if (contentRef > 9)
        {
            YProtocolException.Throw(
                contentRef == SkipInfo ? ProtocolViolation.InvalidInfoByte : ProtocolViolation.UnknownContentRef,
                _rest.Position);
        }

        var hasOrigin = (info & InfoOrigin) != 0;
        var hasRightOrigin = (info & InfoRightOrigin) != 0;
        var hasParent = !hasOrigin && !hasRightOrigin;
        var hasParentSub = hasParent && (info & InfoParentSub) != 0;
        body.WriteByte((byte)((info & (InfoOrigin | InfoRightOrigin)) | (hasParentSub ? InfoParentSub : 0) | contentRef));
        if (hasOrigin)
        {
            body.WriteVarUInt(_clients.Read());
            body.WriteVarUInt(_leftClocks.Read());
        }

        if (hasRightOrigin)
        {
            body.WriteVarUInt(_clients.Read());
            body.WriteVarUInt(_rightClocks.Read());
        }

        if (hasParent)
        {
            switch (_parentInfos.Read())
            {
                case 1:
                    body.WriteVarUInt(1);
                    body.WriteVarString(_strings.Read());
                    break;
                case 0:
                    body.WriteVarUInt(0);
                    body.WriteVarUInt(_clients.Read());
                    body.WriteVarUInt(_leftClocks.Read());
                    break;
                default:
                    YProtocolException.Throw(ProtocolViolation.InvalidParentInfo, _rest.Position);
                    break;
            }

            if (hasParentSub)
            {
                body.WriteVarString(_strings.Read());
            }
        }

        return ConvertContent(body, contentRef);
    }

    private ulong ConvertContent(Lib0Writer body, int contentRef)
    {
        switch (contentRef)
        {
            case 1: // Deleted
            {
                var length = ReadNonZero(_lengths.Read());
                body.WriteVarUInt(length);
                return length;
            }

            case 2: // JSON: each element re-serialised by JSON.parse + JSON.stringify
            {
                var count = ReadNonZero(_lengths.Read());
                // every element is a non-empty JSON text or "undefined": at least one code unit each
                if (count > (ulong)_strings.RemainingChars)
                {
                    YProtocolException.Throw(ProtocolViolation.CountExceedsInput, _strings.Offset);
                }

                body.WriteVarUInt(count);
                for (ulong i = 0; i < count; i++)
                {
                    var text = _strings.Read();
                    if (text.SequenceEqual("undefined"))
                    {
                        body.WriteVarString("undefined");
                        continue;
                    }

                    var value = JavaScriptJson.Parse(text, _strings.Offset);
                    body.WriteVarString(JavaScriptJson.Stringify(value, _strings.Offset));
                }

                return count;
            }

            case 3: // Binary
                body.WriteVarBytes(_rest.ReadVarBytes());
                return 1;
            case 4: // String: length in UTF-16 units; lone surrogates are written as U+FFFD like TextEncoder does
            {
                var text = _strings.Read();
                if (text.IsEmpty)
                {
                    YProtocolException.Throw(ProtocolViolation.ZeroLength, _strings.Offset);
                }

                body.WriteVarString(text);
                return (ulong)text.Length;
            }

            case 5: // Embed: lib0 any in v2, JSON text in v1
                WriteJson(body, ReadAny());
                return 1;
            case 6: // Format
            {
                var key = _keys.Read(ref _keyClocks, ref _strings);
                var value = ReadAny();
                body.WriteVarString(key);
                WriteJson(body, value);
                return 1;
            }

            case 7: // Type
            {
                var typeRefOffset = _rest.Position;
                var typeRef = _typeRefs.Read();
                if (typeRef > 6)
                {
                    YProtocolException.Throw(ProtocolViolation.UnknownTypeRef, typeRefOffset);
                }

                body.WriteVarUInt(typeRef);
                if (typeRef is 3 or 5)
                {
                    // YXmlElement node name, YXmlHook hook name
                    body.WriteVarString(_keys.Read(ref _keyClocks, ref _strings));
                }

                return 1;
            }

            case 8: // Any: every value re-encoded the way lib0's writeAny classifies it
            {
                var count = ReadNonZero(_lengths.Read());
                if (count > (ulong)_rest.Remaining)
                {
                    YProtocolException.Throw(ProtocolViolation.CountExceedsInput, _rest.Position);
                }

                body.WriteVarUInt(count);
                for (ulong i = 0; i < count; i++)
                {
                    AnyWriter.Write(body, ReadAny());
                }

                return count;
            }

            case 9: // Doc
            {
                var guid = _strings.Read().ToString();
                var optsOffset = _rest.Position;
                var opts = ReadAny();
                SubdocOptions.Write(body, guid, opts, optsOffset);
                return 1;
            }

            default:
                throw new InvalidOperationException("content ref checked by the caller");
        }
    }

    private JsValue ReadAny() => AnyReader.Read(ref _rest);

    private readonly void WriteJson(Lib0Writer body, JsValue value)
    {
        var json = JavaScriptJson.Stringify(value, _rest.Position);
        if (json is null)
        {
            // JSON.stringify(undefined) is undefined; lib0's writeVarString then throws
            YProtocolException.Throw(ProtocolViolation.UnconvertibleValue, _rest.Position, "undefined as JSON");
        }

        body.WriteVarString(json);
    }

    private readonly ulong ReadNonZero(ulong length)
    {
        if (length == 0)
        {
            YProtocolException.Throw(ProtocolViolation.ZeroLength, _rest.Position);
        }

        return length;
    }

    /// <summary>v2 delete set: per client, clocks are deltas from the end of the previous range and
    /// lengths are stored minus one. yjs collects it in a Map (repeated clients append, clients without
    /// ranges vanish) and writes clients in descending order.</summary>
    private SortedDictionary<ulong, List<(ulong Clock, ulong Length)>> ReadDeleteSet()
    {
        var clients = new SortedDictionary<ulong, List<(ulong, ulong)>>(Comparer<ulong>.Create(static (a, b) => b.CompareTo(a)));
        var clientCount = _rest.ReadCount(2);
        for (var c = 0; c < clientCount; c++)
        {
            var client = _rest.ReadVarUInt();
            var rangeCount = _rest.ReadCount(2);
            if (rangeCount == 0)
            {
                continue;
            }

            if (!clients.TryGetValue(client, out var ranges))
            {
                ranges = new List<(ulong, ulong)>(rangeCount);
                clients.Add(client, ranges);
            }

            ulong current = 0;
            for (var r = 0; r < rangeCount; r++)
            {
                var offset = _rest.Position;
                var clock = current + _rest.ReadVarUInt();
                var length = _rest.ReadVarUInt() + 1;
                current = clock + length;
                if (clock > Lib0Reader.MaxSafeInteger || current > Lib0Reader.MaxSafeInteger)
                {
                    YProtocolException.Throw(ProtocolViolation.ClockOverflow, offset);
                }

                ranges.Add((clock, length));
            }
        }

        return clients;
    }

    private static void WriteDeleteSet(Lib0Writer writer, SortedDictionary<ulong, List<(ulong Clock, ulong Length)>> clients)
    {
        writer.WriteVarUInt((ulong)clients.Count);
        foreach (var (client, ranges) in clients)
        {
            writer.WriteVarUInt(client);
            writer.WriteVarUInt((ulong)ranges.Count);
            foreach (var (clock, length) in ranges)
            {
                writer.WriteVarUInt(clock);
                writer.WriteVarUInt(length);
            }
        }
    }

    private sealed class Section(ulong client, ulong startClock, int start)
    {
        public ulong Client { get; } = client;

        public ulong StartClock { get; } = startClock;

        public int Start { get; } = start;

        public int End { get; set; } = start;

        public int Count { get; set; }
    }
}
