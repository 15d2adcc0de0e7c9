namespace YServer.Crdt;

/// <summary>The content left behind by GC or received as deleted (ref 1): only its length.</summary>
internal sealed class ContentDeleted(int length) : AbstractContent
{
    private int _length = length;

    public override int Length => _length;

    public override bool IsCountable => false;

    public override byte Ref => 1;

    public override IReadOnlyList<object> GetContent() => [];

    public override AbstractContent Copy() => new ContentDeleted(_length);

    public override AbstractContent Splice(int offset)
    {
        var right = new ContentDeleted(_length - offset);
        _length = offset;
        return right;
    }

    public override bool MergeWith(AbstractContent right)
    {
        _length += right.Length;
        return true;
    }

    public override void Integrate(Transaction transaction, Item item)
    {
        transaction.DeleteSet.Add(item.Id.Client, item.Id.Clock, _length);
        item.MarkDeleted();
    }

    public override void Write(UpdateEncoderV1 encoder, int offset) => encoder.WriteLength(_length - offset);
}
