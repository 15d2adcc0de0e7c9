using System.Buffers;

namespace YServer.Crdt;

/// <summary>One client's decoded structs and the read position of the integration loop (yjs <c>{ i, refs }</c>).
/// The structs sit in a pooled array, returned by <see cref="Release"/> once integration is done: a document load
/// decodes tens of thousands of structs per client, and a fresh array that size lands on the large object heap,
/// whose collections then cost more than the parse.</summary>
internal sealed class ClientStructRefs
{
    private AbstractStruct[] _refs;

    /// <param name="capacity">How many structs the section announces (bounded by the bytes of the update).</param>
    public ClientStructRefs(int capacity)
    {
        _refs = capacity == 0 ? [] : ArrayPool<AbstractStruct>.Shared.Rent(capacity);
    }

    public int Count { get; private set; }

    public AbstractStruct this[int index] => _refs[index];

    public int I { get; set; }

    /// <summary>The highest clock of this client that one of its items references (origin, right origin or parent)
    /// at or after its own clock, or -1: only such a reference can fail <see cref="OwnClockReferences"/>, so the
    /// decoder notes it and the check only walks the structs when there is one.</summary>
    public long MaxForwardOwnReference { get; set; } = -1;

    public ReadOnlySpan<AbstractStruct> AsSpan() => _refs.AsSpan(0, Count);

    public void Add(AbstractStruct value) => _refs[Count++] = value;

    /// <summary>The structs from <paramref name="start"/> on, as a new list.</summary>
    public List<AbstractStruct> CopyFrom(int start) => [.. _refs.AsSpan(start, Count - start)];

    /// <summary>Empties this reader and returns its array to the pool (cleared: it must not keep items alive).</summary>
    public void Release()
    {
        if (_refs.Length > 0)
        {
            ArrayPool<AbstractStruct>.Shared.Return(_refs, clearArray: true);
            _refs = [];
        }

        Count = 0;
        I = 0;
    }
}
