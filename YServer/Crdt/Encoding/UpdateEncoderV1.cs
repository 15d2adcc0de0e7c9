using System.Buffers;
using YServer.Lib0;
using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>Writes structs, delete sets and state vectors in the v1 update format (yjs <c>UpdateEncoderV1</c>).</summary>
internal sealed class UpdateEncoderV1
{
    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly Lib0Writer _writer;

    public UpdateEncoderV1(int initialCapacity = 256)
    {
        _buffer = new ArrayBufferWriter<byte>(initialCapacity);
        _writer = new Lib0Writer(_buffer);
    }

    /// <summary>Largest buffer <see cref="RentScratch"/> keeps for the next update; a bigger one (a large transaction)
    /// is left to the GC rather than held by the thread.</summary>
    private const int ScratchCapacityLimit = 16 * 1024;

    [ThreadStatic]
    private static UpdateEncoderV1? t_scratch;

    public int WrittenCount => _buffer.WrittenCount;

    /// <summary>An empty encoder for one update encoded start to finish on this thread (no user code runs while it is
    /// in use), then handed back with <see cref="ReturnScratch"/>: every transaction encodes its update, and a fresh
    /// encoder, writer and buffer each time were a third of a keystroke's allocations.</summary>
    public static UpdateEncoderV1 RentScratch()
    {
        var encoder = t_scratch ?? new UpdateEncoderV1();
        t_scratch = null;
        return encoder;
    }

    public static void ReturnScratch(UpdateEncoderV1 encoder)
    {
        if (encoder._buffer.Capacity <= ScratchCapacityLimit)
        {
            encoder._buffer.ResetWrittenCount();
            t_scratch = encoder;
        }
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void WriteVarUInt(ulong value) => _writer.WriteVarUInt(value);

    public void WriteInfo(byte info) => _writer.WriteByte(info);

    public void WriteLength(int length) => _writer.WriteVarUInt((ulong)length);

    public void WriteClient(ulong client) => _writer.WriteVarUInt(client);

    public void WriteLeftId(Id id)
    {
        _writer.WriteVarUInt(id.Client);
        _writer.WriteVarUInt(id.Clock);
    }

    public void WriteRightId(Id id) => WriteLeftId(id);

    public void WriteString(ReadOnlySpan<char> text) => _writer.WriteVarString(text);

    public void WriteKey(string key) => _writer.WriteVarString(key);

    public void WriteParentInfo(bool isRootKey) => _writer.WriteVarUInt(isRootKey ? 1UL : 0UL);

    public void WriteTypeRef(int typeRef) => _writer.WriteVarUInt((ulong)typeRef);

    public void WriteAny(JsValue value) => AnyWriter.Write(_writer, value);

    public void WriteBuffer(ReadOnlySpan<byte> bytes) => _writer.WriteVarBytes(bytes);

    /// <summary>v1 <c>writeJSON</c>: the value's <c>JSON.stringify</c> text (undefined writes "undefined",
    /// which is what yjs's <c>JSON.stringify(undefined)</c> then <c>writeVarString</c> produces).</summary>
    public void WriteJson(JsValue value) => _writer.WriteVarString(JavaScriptJson.Stringify(value, 0) ?? "undefined");
}
