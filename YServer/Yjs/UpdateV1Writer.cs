using System.Buffers;
using YServer.Lib0;

namespace YServer.Yjs;

/// <summary>Builds a v1 update struct by struct, like yjs's <c>LazyStructWriter</c>: a new client section
/// starts whenever the client changes, its start clock is the first written struct's clock (plus slice
/// offset), and the section and struct counts are filled in by <see cref="ToArray(DeleteSet, DeleteSetEncoding)"/>.
/// </summary>
public sealed class UpdateV1Writer
{
    private readonly PooledBufferWriter _structs;
    private readonly List<SectionMark> _sections = [];
    private long _client;
    private long _startClock;
    private int _written;
    private int _sectionStart;

    public UpdateV1Writer(int initialCapacity = 256)
    {
        _structs = new PooledBufferWriter(initialCapacity);
    }

    /// <summary>Structs written so far.</summary>
    public int StructCount { get; private set; }

    /// <summary>Writes <paramref name="value"/> from <paramref name="offset"/> on, re-encoding the info byte
    /// as yjs does (see <see cref="StructEncoder.Write"/>).</summary>
    public void Write(in UpdateStruct value, ReadOnlySpan<byte> source, long offset = 0, bool keepInfo = false)
    {
        if (_written > 0 && _client != value.Client)
        {
            Flush();
        }

        if (_written == 0)
        {
            _client = value.Client;
            _startClock = value.Clock + offset;
            _sectionStart = _structs.WrittenCount;
        }

        StructEncoder.Write(new Lib0Writer(_structs), value, source, offset, keepInfo);
        _written++;
        StructCount++;
    }

    /// <summary>Finishes the update: section count, sections, then the delete set. The result is the only
    /// allocation of its size (the struct bytes are copied once into it from a pooled scratch buffer, which goes
    /// back to the pool; the writer is empty afterwards).</summary>
    public byte[] ToArray(DeleteSet deleteSet, DeleteSetEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(deleteSet);
        Flush();
        var tail = new ArrayBufferWriter<byte>(4 + (deleteSet.RangeCount * 6));
        if (encoding == DeleteSetEncoding.AsStored)
        {
            deleteSet.Write(new Lib0Writer(tail));
        }
        else
        {
            deleteSet.WriteNormalized(new Lib0Writer(tail));
        }

        var size = VarUInt.Length((ulong)_sections.Count) + tail.WrittenCount;
        foreach (var section in _sections)
        {
            size += VarUInt.Length((ulong)section.StructCount) + VarUInt.Length((ulong)section.Client)
                + VarUInt.Length((ulong)section.StartClock) + (section.End - section.Start);
        }

        var result = new byte[size];
        var at = VarUInt.Write(result, (ulong)_sections.Count);
        var body = _structs.WrittenSpan;
        foreach (var section in _sections)
        {
            at += VarUInt.Write(result.AsSpan(at), (ulong)section.StructCount);
            at += VarUInt.Write(result.AsSpan(at), (ulong)section.Client);
            at += VarUInt.Write(result.AsSpan(at), (ulong)section.StartClock);
            body[section.Start..section.End].CopyTo(result.AsSpan(at));
            at += section.End - section.Start;
        }

        tail.WrittenSpan.CopyTo(result.AsSpan(at));
        _structs.Release();
        _sections.Clear();
        return result;
    }

    private void Flush()
    {
        if (_written > 0)
        {
            _sections.Add(new SectionMark(_client, _startClock, _written, _sectionStart, _structs.WrittenCount));
            _written = 0;
        }
    }

    private readonly record struct SectionMark(long Client, long StartClock, int StructCount, int Start, int End);
}
