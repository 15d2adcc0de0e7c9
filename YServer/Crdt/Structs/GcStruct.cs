namespace YServer.Crdt;

/// <summary>A garbage-collected run: only its clock range survives (yjs <c>GC</c>).</summary>
internal sealed class GcStruct(Id id, int length) : AbstractStruct(id, length)
{
    public override bool Deleted => true;

    public override bool MergeWith(AbstractStruct right)
    {
        if (right is not GcStruct)
        {
            return false;
        }

        Length += right.Length;
        return true;
    }

    public override void Write(UpdateEncoderV1 encoder, int offset)
    {
        encoder.WriteInfo(0); // content ref 0 = GC
        encoder.WriteLength(Length - offset);
    }

    public override void Integrate(Transaction transaction, int offset)
    {
        if (offset > 0)
        {
            Id = new Id(Id.Client, Id.Clock + (uint)offset);
            Length -= offset;
        }

        transaction.Doc.NoteGrowth(Id.Client);
        transaction.Doc.Store.AddStruct(this);
    }
}
