namespace YServer.Crdt;

/// <summary>A nested shared type (ref 7). Deleting it deletes its children; collecting it turns every child
/// into a GC struct (its parent is gone for good).</summary>
internal sealed class ContentType(AbstractType type) : AbstractContent
{
    public AbstractType Type { get; } = type;

    public override int Length => 1;

    public override bool IsCountable => true;

    public override byte Ref => 7;

    public override IReadOnlyList<object> GetContent() => [Type];

    public override AbstractContent Copy() => new ContentType(Type.CopyEmpty());

    public override AbstractContent Splice(int offset) => throw new InvalidOperationException("Type content has length 1.");

    public override void Integrate(Transaction transaction, Item item) => Type.IntegrateType(transaction.Doc, item);

    public override void Delete(Transaction transaction)
    {
        for (var item = Type.Start; item is not null; item = item.Right)
        {
            DeleteChild(transaction, item);
        }

        foreach (var item in Type.Map.Values)
        {
            DeleteChild(transaction, item);
        }

        transaction.ForgetChangedType(Type);
    }

    public override void Gc(StructStore store)
    {
        for (var item = Type.Start; item is not null; item = item.Right)
        {
            item.Gc(store, parentGcd: true);
        }

        Type.Start = null;
        foreach (var last in Type.Map.Values)
        {
            for (var item = last; item is not null; item = item.Left)
            {
                item.Gc(store, parentGcd: true);
            }
        }

        Type.Map = new Dictionary<string, Item>(StringComparer.Ordinal);
    }

    public override void Write(UpdateEncoderV1 encoder, int offset) => Type.WriteTypeRef(encoder);

    private static void DeleteChild(Transaction transaction, Item item)
    {
        if (!item.Deleted)
        {
            item.Delete(transaction);
        }
        else if (item.Id.Clock < transaction.BeforeStateOf(item.Id.Client))
        {
            // Deleted before this transaction, so not in its delete set: still try to squash it with its
            // neighbours once they are collected (yjs pushes it onto _mergeStructs).
            transaction.MergeStructs.Add(item);
        }
    }
}
