using System.Buffers;
using YServer.Lib0;

namespace YServer.Yjs;

/// <summary>Builds a v1 update struct by struct, like yjs's <c>LazyStructWriter</c>: a new client section
/// starts whenever the client changes, its start clock is the first written struct's clock (plus slice
/// offset), and the section and struct counts are filled in by <see cref="ToArray(DeleteSet, DeleteSetEncoding)"/>.
/// </summary>
public sealed class UpdateV1Writer
{
    private readonly ArrayBufferWriter<byte> _structs;
    private readonly List<SectionMark> _sections = [];
    private long _client;
    private long _startClock;
    private int _written;
    private int _sectionStart;

    public UpdateV1Writer(int initialCapacity = 256)
    {
        _structs = new ArrayBufferWriter<byte>(Math.Max(16, initialCapacity));
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

    /// <summary>Finishes the update: section count, sections, then the delete set.</summary>
    public byte[] ToArray(DeleteSet deleteSet, DeleteSetEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(deleteSet);
        Flush();
        var output = new ArrayBufferWriter<byte>(_structs.WrittenCount + (_sections.Count * 12) + (deleteSet.RangeCount * 8) + 8);
        var writer = new Lib0Writer(output);
        writer.WriteVarUInt((ulong)_sections.Count);
        var body = _structs.WrittenSpan;
        foreach (var section in _sections)
        {
            writer.WriteVarUInt((ulong)section.StructCount);
            writer.WriteVarUInt((ulong)section.Client);
            writer.WriteVarUInt((ulong)section.StartClock);
            writer.WriteBytes(body[section.Start..section.End]);
        }

        if (encoding == DeleteSetEncoding.AsStored)
        {
            deleteSet.Write(writer);
        }
        else
        {
            deleteSet.WriteNormalized(writer);
        }

        return output.WrittenSpan.ToArray();
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
