namespace YServer.Yjs.Gc;

/// <summary>A decoded struct plus where its bytes sit in the update (<c>[Start, End)</c>, info byte first),
/// so a struct the collector leaves alone is copied verbatim.</summary>
internal readonly record struct LocatedStruct(UpdateStruct Value, int Start, int End)
{
    /// <summary>End of the origin/parent header = start of the content body (items only).</summary>
    public int ContentStart => Value.Content.Start;
}
