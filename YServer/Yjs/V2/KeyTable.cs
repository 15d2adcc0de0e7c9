namespace YServer.Yjs.V2;

/// <summary>The v2 key cache (<c>UpdateDecoderV2.readKey</c>): a key clock below the number of keys seen
/// reuses that key, any other value reads a new key from the string column and appends it.</summary>
internal sealed class KeyTable
{
    private readonly List<string> _keys = [];

    public string Read(ref IntDiffOptRleColumn keyClocks, ref StringColumn strings)
    {
        var clock = keyClocks.Read();
        if (clock < (ulong)_keys.Count)
        {
            return _keys[(int)clock];
        }

        var key = strings.Read().ToString();
        _keys.Add(key);
        return key;
    }
}
