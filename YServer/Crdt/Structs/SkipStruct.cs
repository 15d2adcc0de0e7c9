namespace YServer.Crdt;

/// <summary>A hole in an update's clock range (yjs <c>Skip</c>, content ref 10). Never integrated.</summary>
internal sealed class SkipStruct(Id id, int length) : AbstractStruct(id, length)
{
    public override bool Deleted => true;

    public override bool MergeWith(AbstractStruct right)
    {
        if (right is not SkipStruct)
        {
            return false;
        }

        Length += right.Length;
        return true;
    }

    public override void Write(UpdateEncoderV1 encoder, int offset)
    {
        encoder.WriteInfo(10);
        // yjs writes the skip length with writeVarUint directly on the rest encoder; in v1 that equals writeLen.
        encoder.WriteLength(Length - offset);
    }

    public override void Integrate(Transaction transaction, int offset) =>
        throw new InvalidOperationException("A Skip struct is never integrated.");
}
