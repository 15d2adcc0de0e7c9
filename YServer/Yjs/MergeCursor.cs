namespace YServer.Yjs;

/// <summary>yjs's <c>LazyStructReader</c> with <c>filterSkips</c>: walks one input's structs, Skips left out.</summary>
internal sealed class MergeCursor
{
    private readonly DecodedUpdate _update;
    private int _index = -1;

    public MergeCursor(DecodedUpdate update)
    {
        _update = update;
        MoveNext();
    }

    public ReadOnlyMemory<byte> Source => _update.Source;

    public bool HasCurrent { get; private set; }

    public UpdateStruct Current { get; private set; }

    public void MoveNext()
    {
        var structs = _update.StructSpan;
        do
        {
            _index++;
        }
        while (_index < structs.Length && structs[_index].Kind == StructKind.Skip);

        HasCurrent = _index < structs.Length;
        Current = HasCurrent ? structs[_index] : default;
    }
}
