using YServer.Lib0;

namespace YServer.Yjs;

/// <summary>Pull parser for the v1 update format (yjs-wire-format.md §3). The caller drives it in wire order:
/// <see cref="ReadSectionCount"/>, per section <see cref="ReadSectionHeader"/> and <see cref="ReadStruct"/>,
/// then <see cref="ReadDeleteSet"/> (or its pieces) and <see cref="ReadEnd"/>.</summary>
/// <remarks><para>Every read is bounded by the input, every count is checked against the bytes left before
/// anything is allocated, zero-length structs and delete ranges are rejected, clocks may not pass 2^53 − 1,
/// content is walked to its end (UTF-8 validated, <c>any</c> tags and depth checked; outside strict mode the text of
/// ContentString is only counted, not validated: those readers see stored updates the strict mode already checked).</para>
/// <para>The strict mode adds what only the server's gatekeeping needs (yjs-wire-format.md §10):
/// JSON texts must parse, origins must point before the item, client sections must be non-empty and in
/// strictly descending client order, a ContentDoc's options must be an object, struct and delete-range
/// lengths stay below <see cref="YjsLimits.MaxClockRangeLength"/>, nothing may follow the delete set. Merge, diff and state vectors read without it, as yjs does.</para></remarks>
public ref struct UpdateV1Reader
{
    private const long MaxSafe = (long)Lib0Reader.MaxSafeInteger;

    private readonly YjsLimits _limits;
    private readonly bool _strict;
    private Lib0Reader _reader;
    private int _structsRead;
    private int _rangesRead;
    private int _sectionsRead;
    private long _previousClient;

    public UpdateV1Reader(ReadOnlySpan<byte> update, YjsLimits limits, bool strict)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _reader = new Lib0Reader(update);
        _limits = limits;
        _strict = strict;
    }

    public readonly int Position => _reader.Position;

    public readonly bool IsAtEnd => _reader.IsAtEnd;

    /// <summary>Structs read so far (all kinds).</summary>
    public readonly int StructsRead => _structsRead;

    /// <summary>Number of client sections. Each needs at least three bytes.</summary>
    public int ReadSectionCount()
    {
        var offset = _reader.Position;
        var count = _reader.ReadCount(3);
        if (count > _limits.MaxSections)
        {
            YProtocolException.Throw(ProtocolViolation.LimitExceeded, offset, "too many client sections");
        }

        return count;
    }

    public void ReadSectionHeader(out int structCount, out long client, out long startClock)
    {
        var offset = _reader.Position;
        structCount = _reader.ReadCount(2);
        if (structCount == 0 && _strict)
        {
            YProtocolException.Throw(ProtocolViolation.ZeroLength, offset, "empty client section");
        }

        if (structCount > _limits.MaxStructs - _structsRead)
        {
            YProtocolException.Throw(ProtocolViolation.LimitExceeded, offset, "too many structs");
        }

        var clientOffset = _reader.Position;
        client = (long)_reader.ReadVarUInt();
        if (_strict && _sectionsRead > 0 && client >= _previousClient)
        {
            // yjs, yrs and every merge or diff of their output write one section per client, highest client
            // first. Anything else is hand-made, and overlapping sections of one client would make a merge keep
            // one copy where a Y.Doc applies both (§10 item 10).
            YProtocolException.Throw(ProtocolViolation.SectionsOutOfOrder, clientOffset);
        }

        _previousClient = client;
        _sectionsRead++;
        startClock = (long)_reader.ReadVarUInt();
    }

    /// <summary>Reads the struct at <paramref name="clock"/> of <paramref name="client"/>; the next struct of
    /// the section starts at the returned struct's <see cref="UpdateStruct.End"/>.</summary>
    public UpdateStruct ReadStruct(long client, long clock)
    {
        var offset = _reader.Position;
        var info = _reader.ReadByte();
        var contentRef = info & UpdateInfo.RefMask;
        UpdateStruct result;
        if (info == UpdateInfo.SkipInfo)
        {
            // Skips say what an update does NOT contain; a long one (a merge across a big gap) is harmless.
            result = UpdateStruct.Skip(client, clock, ReadLength(limitLength: false));
        }
        else if (contentRef == 0)
        {
            // Flag bits next to ref 0 are ignored by yjs; keep the byte so a re-encode stays identical.
            result = UpdateStruct.Gc(client, clock, ReadLength()) with { Info = info };
        }
        else if (contentRef > (int)ContentRef.Doc)
        {
            // Ref 10 with flag bits: applyUpdate would treat it as Skip, every lazy reader throws (§3.2).
            YProtocolException.Throw(
                contentRef == (int)ContentRef.Skip ? ProtocolViolation.InvalidInfoByte : ProtocolViolation.UnknownContentRef,
                offset);
            return default;
        }
        else
        {
            result = ReadItem(client, clock, info, offset);
        }

        if (result.Length > MaxSafe - clock)
        {
            YProtocolException.Throw(ProtocolViolation.ClockOverflow, offset);
        }

        _structsRead++;
        return result;
    }

    /// <summary>Number of client entries in the delete set. Each needs at least two bytes.</summary>
    public int ReadDeleteSetClientCount() => _reader.ReadCount(2);

    public void ReadDeleteSetClient(out long client, out int rangeCount)
    {
        client = (long)_reader.ReadVarUInt();
        var offset = _reader.Position;
        rangeCount = _reader.ReadCount(2);
        if (rangeCount > _limits.MaxDeleteRanges - _rangesRead)
        {
            YProtocolException.Throw(ProtocolViolation.LimitExceeded, offset, "too many delete ranges");
        }
    }

    public ClockRange ReadDeleteRange(long client)
    {
        var offset = _reader.Position;
        var clock = (long)_reader.ReadVarUInt();
        var length = (long)_reader.ReadVarUInt();
        if (length == 0)
        {
            YProtocolException.Throw(ProtocolViolation.ZeroLength, offset, "empty delete range");
        }

        if (length > MaxSafe - clock)
        {
            YProtocolException.Throw(ProtocolViolation.ClockOverflow, offset);
        }

        if (_strict && length > _limits.MaxClockRangeLength)
        {
            YProtocolException.Throw(ProtocolViolation.LimitExceeded, offset, "delete range too long");
        }

        _rangesRead++;
        return new ClockRange(client, clock, length);
    }

    /// <summary>Reads the whole delete set, appending it to <paramref name="into"/> when given.</summary>
    public void ReadDeleteSet(DeleteSet? into)
    {
        var clients = ReadDeleteSetClientCount();
        for (var i = 0; i < clients; i++)
        {
            ReadDeleteSetClient(out var client, out var ranges);
            into?.AddClient(client);
            for (var j = 0; j < ranges; j++)
            {
                var range = ReadDeleteRange(client);
                into?.AddRange(range.Clock, range.Length);
            }
        }
    }

    /// <summary>Rejects bytes after the delete set. yjs ignores them; no yjs encoder writes them (§10 item 10).</summary>
    public readonly void ReadEnd()
    {
        if (!_reader.IsAtEnd)
        {
            YProtocolException.Throw(ProtocolViolation.TrailingBytes, _reader.Position);
        }
    }

    private long ReadLength(bool limitLength = true)
    {
        var offset = _reader.Position;
        var length = (long)_reader.ReadVarUInt();
        if (length == 0)
        {
            YProtocolException.Throw(ProtocolViolation.ZeroLength, offset);
        }

        if (_strict && limitLength && length > _limits.MaxClockRangeLength)
        {
            YProtocolException.Throw(ProtocolViolation.LimitExceeded, offset, "struct too long");
        }

        return length;
    }

    private UpdateStruct ReadItem(long client, long clock, byte info, int offset)
    {
        StructId origin = default, rightOrigin = default, parentId = default;
        ByteRange parentName = default, parentSub = default;
        var parentKind = ParentKind.Implicit;
        if ((info & UpdateInfo.HasOrigin) != 0)
        {
            origin = ReadId();
            if (_strict && origin.Client == client && origin.Clock >= clock)
            {
                // The origin must exist before the item; yjs's applyUpdate throws a TypeError on this (§10 item 11).
                YProtocolException.Throw(ProtocolViolation.InvalidOrigin, offset);
            }
        }

        if ((info & UpdateInfo.HasRightOrigin) != 0)
        {
            rightOrigin = ReadId();
            if (_strict && rightOrigin.Client == client && rightOrigin.Clock >= clock)
            {
                // Like the origin, the right origin existed when the item was made, so its clock is lower. yjs throws
                // ("Unexpected case") applying a new item that breaks this: storing one would break every client.
                YProtocolException.Throw(ProtocolViolation.InvalidOrigin, offset);
            }
        }

        if ((info & (UpdateInfo.HasOrigin | UpdateInfo.HasRightOrigin)) == 0)
        {
            var parentInfoOffset = _reader.Position;
            var parentInfo = _reader.ReadVarUInt();
            if (parentInfo == 1)
            {
                parentKind = ParentKind.RootName;
                parentName = ReadStringRange();
            }
            else if (parentInfo == 0)
            {
                parentKind = ParentKind.Id;
                parentId = ReadId();
                if (_strict && parentId.Client == client && parentId.Clock >= clock)
                {
                    // A parent type is created before its children; yjs cannot find a parent at a later own clock.
                    YProtocolException.Throw(ProtocolViolation.InvalidParentInfo, parentInfoOffset);
                }
            }
            else
            {
                // yjs reads anything but 1 as "parent is an ID"; no encoder writes other values (§3.2).
                YProtocolException.Throw(ProtocolViolation.InvalidParentInfo, parentInfoOffset);
            }

            if ((info & UpdateInfo.HasParentSub) != 0)
            {
                parentSub = ReadStringRange();
            }
        }

        var contentStart = _reader.Position;
        var length = ReadContent((ContentRef)(info & UpdateInfo.RefMask));
        return new UpdateStruct
        {
            Client = client,
            Clock = clock,
            Length = length,
            Kind = StructKind.Item,
            Info = info,
            Origin = origin,
            RightOrigin = rightOrigin,
            ParentKind = parentKind,
            ParentName = parentName,
            ParentId = parentId,
            ParentSub = parentSub,
            Content = new ByteRange(contentStart, _reader.Position - contentStart),
        };
    }

    private long ReadContent(ContentRef contentRef)
    {
        var offset = _reader.Position;
        switch (contentRef)
        {
            case ContentRef.Deleted:
                return ReadLength();
            case ContentRef.Json:
            {
                var count = ReadNonZeroCount(1);
                for (var i = 0; i < count; i++)
                {
                    var elementOffset = _reader.Position;
                    var text = _reader.ReadVarStringUtf8();
                    // ContentJSON writes undefined elements as the bare word "undefined".
                    if (_strict && !text.SequenceEqual("undefined"u8) && !JsonText.IsValid(text, _limits.MaxJsonDepth))
                    {
                        YProtocolException.Throw(ProtocolViolation.InvalidJson, elementOffset);
                    }
                }

                return count;
            }

            case ContentRef.Binary:
                _reader.ReadVarBytes();
                return 1;
            case ContentRef.String:
            {
                // Only the strict gatekeeper validates the text; the other readers see stored, validated updates
                // and need just the length.
                int units;
                if (_strict)
                {
                    _reader.ReadVarStringUtf8(out units);
                }
                else
                {
                    _reader.ReadVarStringUtf8Unvalidated(out units);
                }

                if (units == 0)
                {
                    YProtocolException.Throw(ProtocolViolation.ZeroLength, offset);
                }

                return units;
            }

            case ContentRef.Embed:
                ReadJsonString();
                return 1;
            case ContentRef.Format:
                _reader.ReadVarStringUtf8();
                ReadJsonString();
                return 1;
            case ContentRef.Type:
            {
                var typeRef = _reader.ReadVarUInt();
                if (typeRef > 6)
                {
                    YProtocolException.Throw(ProtocolViolation.UnknownTypeRef, offset);
                }

                // YXmlElement (3) carries its node name, YXmlHook (5) its hook name.
                if (typeRef is 3 or 5)
                {
                    _reader.ReadVarStringUtf8();
                }

                return 1;
            }

            case ContentRef.Any:
            {
                var count = ReadNonZeroCount(1);
                for (var i = 0; i < count; i++)
                {
                    _reader.SkipAny(_limits.MaxAnyDepth);
                }

                return count;
            }

            case ContentRef.Doc:
            {
                _reader.ReadVarStringUtf8();
                var optionsOffset = _reader.Position;
                var options = _reader.SkipAny(_limits.MaxAnyDepth);
                if (_strict && options[0] != AnyTag.Object)
                {
                    // yjs always writes an object and dereferences it when reading (null would throw).
                    YProtocolException.Throw(ProtocolViolation.InvalidContent, optionsOffset, "subdocument options are not an object");
                }

                return 1;
            }

            default:
                YProtocolException.Throw(ProtocolViolation.UnknownContentRef, offset);
                return 0;
        }
    }

    private int ReadNonZeroCount(int minBytesPerElement)
    {
        var offset = _reader.Position;
        var count = _reader.ReadCount(minBytesPerElement);
        if (count == 0)
        {
            YProtocolException.Throw(ProtocolViolation.ZeroLength, offset);
        }

        return count;
    }

    private void ReadJsonString()
    {
        var offset = _reader.Position;
        var text = _reader.ReadVarStringUtf8();
        if (_strict && !JsonText.IsValid(text, _limits.MaxJsonDepth))
        {
            YProtocolException.Throw(ProtocolViolation.InvalidJson, offset);
        }
    }

    private ByteRange ReadStringRange()
    {
        var bytes = _reader.ReadVarStringUtf8();
        return new ByteRange(_reader.Position - bytes.Length, bytes.Length);
    }

    private StructId ReadId() => new((long)_reader.ReadVarUInt(), (long)_reader.ReadVarUInt());
}
