namespace YServer.Crdt;

/// <summary>What an <see cref="Item"/> carries (yjs <c>AbstractContent</c>). One class per content ref; the ref
/// numbers are the wire's (yjs-wire-format.md §3.2).</summary>
internal abstract class AbstractContent
{
    /// <summary>Clocks this content covers.</summary>
    public abstract int Length { get; }

    /// <summary>Whether the content counts toward its parent's list length (text and array positions).</summary>
    public abstract bool IsCountable { get; }

    /// <summary>The wire content ref (low five bits of the info byte).</summary>
    public abstract byte Ref { get; }

    /// <summary>The user-visible values, one per clock for countable content (yjs <c>getContent</c>): a
    /// <see cref="YValue"/>, an <see cref="AbstractType"/>, or a <see cref="ContentDoc"/>.</summary>
    public abstract IReadOnlyList<object> GetContent();

    public abstract AbstractContent Copy();

    /// <summary>Keeps the first <paramref name="offset"/> clocks and returns the rest as new content.</summary>
    public abstract AbstractContent Splice(int offset);

    /// <summary>Appends <paramref name="right"/> when this kind squashes (only Any, Deleted, JSON, String do).</summary>
    public virtual bool MergeWith(AbstractContent right) => false;

    public virtual void Integrate(Transaction transaction, Item item)
    {
    }

    public virtual void Delete(Transaction transaction)
    {
    }

    public virtual void Gc(StructStore store)
    {
    }

    /// <summary>Writes the content without its first <paramref name="offset"/> clocks.</summary>
    public abstract void Write(UpdateEncoderV1 encoder, int offset);
}
