namespace YServer.Crdt;

/// <summary>One run of consecutive clocks of one client in the struct store: an <see cref="Item"/>, a
/// <see cref="GcStruct"/> (garbage-collected run) or a <see cref="SkipStruct"/> (a hole, only in updates).</summary>
internal abstract class AbstractStruct
{
    protected AbstractStruct(Id id, int length)
    {
        Id = id;
        Length = length;
    }

    public Id Id { get; set; }

    /// <summary>Clocks covered (content units).</summary>
    public int Length { get; set; }

    public abstract bool Deleted { get; }

    /// <summary>Id of the last clock of this run.</summary>
    public Id LastId => new(Id.Client, Id.Clock + (uint)Length - 1);

    /// <summary>Clock just past this run.</summary>
    public uint EndClock => Id.Clock + (uint)Length;

    /// <summary>Squashes <paramref name="right"/> into this struct when yjs would (<c>mergeWith</c>).</summary>
    public abstract bool MergeWith(AbstractStruct right);

    /// <summary>Writes this struct, skipping its first <paramref name="offset"/> clocks.</summary>
    public abstract void Write(UpdateEncoderV1 encoder, int offset);

    /// <summary>Adds this struct to the document (<paramref name="offset"/> clocks we already have are skipped).</summary>
    public abstract void Integrate(Transaction transaction, int offset);

    /// <summary>yjs <c>getMissing</c>: the client whose next clock must arrive first, or null when ready.</summary>
    public virtual ulong? GetMissing(Transaction transaction, StructStore store) => null;
}
