namespace YServer.Yjs;

/// <summary>yjs's <c>LazyStructReader</c> with <c>filterSkips</c>: walks one input's structs, Skips left out.</summary>
internal sealed class MergeCursor
{
    private static readonly UpdateStruct None;

    private readonly DecodedUpdate _update;
    private int _index = -1;

    public MergeCursor(DecodedUpdate update)
    {
        _update = update;
        MoveNext();
    }

    public ReadOnlyMemory<byte> Source => _update.Source;

    public bool HasCurrent { get; private set; }

    /// <summary>The current struct, read in place in the decoded update (a merge of many small updates keeps a
    /// cursor per input, and a copy would be another 112 bytes each); <c>default</c> once exhausted.</summary>
    public ref readonly UpdateStruct Current => ref HasCurrent ? ref _update.StructSpan[_index] : ref None;

    public void MoveNext()
    {
        var structs = _update.StructSpan;
        do
        {
            _index++;
        }
        while (_index < structs.Length && structs[_index].Kind == StructKind.Skip);

        HasCurrent = _index < structs.Length;
    }
}
