namespace YServer.Crdt;

/// <summary>A root that an update named but nobody asked for as a specific kind yet (yjs keeps a bare
/// <c>AbstractType</c>). It can hold list and map items; <see cref="YDoc.GetArray"/> and friends convert it.</summary>
internal sealed class UnknownRootType : AbstractType
{
    internal override int TypeRef => throw new InvalidOperationException("An untyped root is never nested.");

    /// <summary>yjs's <c>AbstractType.toJSON</c> returns undefined; the export layer infers a kind instead.</summary>
    public override YValue ToJson() => YValue.Undefined;

    internal override AbstractType CopyEmpty() => new UnknownRootType();
}
