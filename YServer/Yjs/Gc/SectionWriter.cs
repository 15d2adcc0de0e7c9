using YServer.Lib0;

namespace YServer.Yjs.Gc;

/// <summary>Writes the structs of one section, holding back the last GC run or deleted item so that
/// a following struct can extend it: adjacent GC structs merge, and so do deleted items that a document
/// could not tell apart from one item (see <see cref="AppendDeleted"/>).</summary>
internal ref struct SectionWriter
{
    private readonly Lib0Writer _writer;
    private readonly ReadOnlySpan<byte> _update;
    private readonly bool _squashDeleted;
    private PendingKind _pending;
    private long _pendingGc;
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

    public void AppendGc(long length)
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

    /// <summary>Clocks <c>[from, to)</c> of <paramref name="located"/> as ContentDeleted. It extends the held-back
    /// deleted item when yjs's <c>Item.mergeWith</c> conditions hold in id terms: same client, contiguous
    /// clocks, origin = the held item's last id, same right origin. Splitting the result at that id gives back
    /// exactly the two items, and any item placed between them references that id, so it integrates after
    /// the squashed item and splits it: documents end up in the same state (Y.Doc squashes the same way).</summary>
    public void AppendDeleted(in LocatedStruct located, long from, long to)
    {
        var item = located.Value;
        var first = from == item.Clock;
        // the piece's origin: the item's own for its first piece, else (client, from - 1) as a slice gets
        var origin = first ? item.Origin : new StructId(item.Client, from - 1);
        if (_squashDeleted
            && _pending == PendingKind.Deleted
            && _run.Client == item.Client
            && _run.End == from
            && (!first || item.HasOrigin)
            && origin == new StructId(item.Client, from - 1)
            && _run.HasRightOrigin == item.HasRightOrigin
            && (!item.HasRightOrigin || _run.RightOrigin == item.RightOrigin))
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
            HeaderStart = located.Start + 1,
            HeaderEnd = located.ContentStart,
            HasRightOrigin = item.HasRightOrigin,
            RightOrigin = item.RightOrigin,
        };
    }

    public void Flush()
    {
        switch (_pending)
        {
            case PendingKind.Gc:
                _writer.WriteByte(0);
                _writer.WriteVarUInt((ulong)_pendingGc);
                _pendingGc = 0;
                Count++;
                break;
            case PendingKind.Deleted:
                WriteHeader(_run.FirstPiece, _run.Info, _run.HeaderStart, _run.HeaderEnd, _run.Client, _run.Start, _run.HasRightOrigin, _run.RightOrigin, (byte)ContentRef.Deleted);
                _writer.WriteVarUInt((ulong)(_run.End - _run.Start));
                Count++;
                break;
            default:
                break;
        }

        _pending = PendingKind.None;
    }

    /// <summary>Writes an item piece that keeps its content (String/Any/JSON slice); the caller writes the content.</summary>
    public void BeginKeptPiece(in LocatedStruct located, long from)
    {
        var item = located.Value;
        Flush();
        WriteHeader(from == item.Clock, item.Info, located.Start + 1, located.ContentStart, item.Client, from, item.HasRightOrigin, item.RightOrigin, (byte)item.ContentRef);
        Count++;
    }

    /// <summary>The first piece keeps the original header bytes; a later one gets origin (client, from - 1)
    /// and the original right origin, as yjs writes a slice.</summary>
    private readonly void WriteHeader(bool firstPiece, byte info, int headerStart, int headerEnd, long client, long from, bool hasRightOrigin, StructId rightOrigin, byte contentRef)
    {
        if (firstPiece)
        {
            _writer.WriteByte((byte)((info & 0xe0) | contentRef));
            _writer.WriteBytes(_update[headerStart..headerEnd]);
            return;
        }

        _writer.WriteByte((byte)(0x80 | (hasRightOrigin ? 0x40 : 0) | contentRef));
        _writer.WriteVarUInt((ulong)client);
        _writer.WriteVarUInt((ulong)(from - 1));
        if (hasRightOrigin)
        {
            _writer.WriteVarUInt((ulong)rightOrigin.Client);
            _writer.WriteVarUInt((ulong)rightOrigin.Clock);
        }
    }

    private struct DeletedRun
    {
        public long Client;
        public long Start;
        public long End;
        public bool FirstPiece;
        public byte Info;
        public int HeaderStart;
        public int HeaderEnd;
        public bool HasRightOrigin;
        public StructId RightOrigin;
    }
}
