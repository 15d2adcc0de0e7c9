namespace YServer.Crdt;

// PLACEHOLDER owned by the crdttypes helper: it replaces this file wholesale.

/// <summary>A custom XML node (yjs <c>Y.XmlHook</c>): a map with a hook name.</summary>
public sealed class YXmlHook : AbstractType
{
    public YXmlHook(string hookName)
    {
        ArgumentNullException.ThrowIfNull(hookName);
        HookName = hookName;
    }

    public string HookName { get; }

    internal override int TypeRef => 5;

    public override YValue ToJson() => YValue.Undefined;

    internal override void WriteTypeRef(UpdateEncoderV1 encoder)
    {
        encoder.WriteTypeRef(TypeRef);
        encoder.WriteKey(HookName);
    }

    internal override AbstractType CopyEmpty() => new YXmlHook(HookName);
}
