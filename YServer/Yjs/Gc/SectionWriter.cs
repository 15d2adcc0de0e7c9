using YServer.Lib0;

namespace YServer.Yjs.Gc;

/// <summary>Writes the structs of one section, holding back the last GC run or deleted item so that
/// a following struct can extend it: adjacent GC structs merge, and so do deleted items that a document
/// could not tell apart from one item (see <see cref="AppendDeleted"/>).</summary>
internal ref struct SectionWriter
{
    private const byte RefDeleted = 1;

    private readonly Lib0Writer _writer;
    private readonly ReadOnlySpan<byte> _update;
    private readonly bool _squashDeleted;
    private PendingKind _pending;
    private ulong _pendingGc;
    private DeletedRun _run;

    public SectionWriter(Lib0Writer writer, ReadOnlySpan<byte> update, bool squashDeleted)
    {
        _writer = writer;
        _update = update;
        _squashDeleted = squashDeleted;
    }

    private enum PendingKind : byte
    {
        None,
        Gc,
        Deleted,
    }

    /// <summary>Structs written so far (including the pending one once flushed).</summary>
    public int Count { get; private set; }

    public void AppendGc(ulong length)
    {
        if (_pending != PendingKind.Gc)
        {
            Flush();
            _pending = PendingKind.Gc;
        }

        _pendingGc += length;
    }

    public void AppendRaw(ReadOnlySpan<byte> bytes)
    {
        Flush();
        _writer.WriteBytes(bytes);
        Count++;
    }

    /// <summary>Clocks <c>[from, to)</c> of <paramref name="item"/> as ContentDeleted. It extends the held-back
    /// deleted item when yjs's <c>Item.mergeWith</c> conditions hold in id terms: same client, contiguous
    /// clocks, origin = the held item's last id, same right origin. Splitting the result at that id gives back
    /// exactly the two items, and any item placed between them references that id, so it integrates after
    /// the squashed item and splits it: documents end up in the same state (Y.Doc squashes the same way).</summary>
    public void AppendDeleted(in SnapshotStruct item, ulong from, ulong to)
    {
        var first = from == item.Clock;
        var originClock = first ? item.OriginClock : from - 1;
        var hasOrigin = !first || item.HasOrigin;
        if (_squashDeleted
            && _pending == PendingKind.Deleted
            && _run.Client == item.Client
            && _run.End == from
            && hasOrigin
            && (first ? item.OriginClient : item.Client) == item.Client
            && originClock == from - 1
            && _run.HasRightOrigin == item.HasRightOrigin
            && (!item.HasRightOrigin || (_run.RightOriginClient == item.RightOriginClient && _run.RightOriginClock == item.RightOriginClock)))
        {
            _run.End = to;
            return;
        }

        Flush();
        _pending = PendingKind.Deleted;
        _run = new DeletedRun
        {
            Client = item.Client,
            Start = from,
            End = to,
            FirstPiece = first,
            Info = item.Info,
            HeaderStart = item.Start + 1,
            HeaderEnd = item.ContentStart,
            HasRightOrigin = item.HasRightOrigin,
            RightOriginClient = item.RightOriginClient,
            RightOriginClock = item.RightOriginClock,
        };
    }

    public void Flush()
    {
        switch (_pending)
        {
            case PendingKind.Gc:
                _writer.WriteByte(0);
                _writer.WriteVarUInt(_pendingGc);
                _pendingGc = 0;
                Count++;
                break;
            case PendingKind.Deleted:
                WriteHeader(_run.FirstPiece, _run.Info, _run.HeaderStart, _run.HeaderEnd, _run.Client, _run.Start, _run.HasRightOrigin, _run.RightOriginClient, _run.RightOriginClock, RefDeleted);
                _writer.WriteVarUInt(_run.End - _run.Start);
                Count++;
                break;
            default:
                break;
        }

        _pending = PendingKind.None;
    }

    /// <summary>Writes an item piece that keeps its content (String/Any/JSON slice); the caller writes the content.</summary>
    public void BeginKeptPiece(in SnapshotStruct item, ulong from)
    {
        Flush();
        WriteHeader(from == item.Clock, item.Info, item.Start + 1, item.ContentStart, item.Client, from, item.HasRightOrigin, item.RightOriginClient, item.RightOriginClock, (byte)item.ContentRef);
        Count++;
    }

    /// <summary>The first piece keeps the original header bytes; a later one gets origin (client, from - 1)
    /// and the original right origin, as yjs writes a slice.</summary>
    private readonly void WriteHeader(bool firstPiece, byte info, int headerStart, int headerEnd, ulong client, ulong from, bool hasRightOrigin, ulong rightClient, ulong rightClock, byte contentRef)
    {
        if (firstPiece)
        {
            _writer.WriteByte((byte)((info & 0xe0) | contentRef));
            _writer.WriteBytes(_update[headerStart..headerEnd]);
            return;
        }

        _writer.WriteByte((byte)(0x80 | (hasRightOrigin ? 0x40 : 0) | contentRef));
        _writer.WriteVarUInt(client);
        _writer.WriteVarUInt(from - 1);
        if (hasRightOrigin)
        {
            _writer.WriteVarUInt(rightClient);
            _writer.WriteVarUInt(rightClock);
        }
    }

    private struct DeletedRun
    {
        public ulong Client;
        public ulong Start;
        public ulong End;
        public bool FirstPiece;
        public byte Info;
        public int HeaderStart;
        public int HeaderEnd;
        public bool HasRightOrigin;
        public ulong RightOriginClient;
        public ulong RightOriginClock;
    }
}
