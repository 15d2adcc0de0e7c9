using YServer.Crdt;

namespace YServer.Admin.Edits;

// TEMPORARY: the YText/XML editing methods of crdt-api.md are built on the crdttypes branch. These stand-ins let this
// branch compile before it lands; instance methods win over extensions, and this file is deleted at the merge.
internal static class TemporaryTypeShim
{
    public static void Insert(this YText text, Transaction transaction, int index, string value, IReadOnlyDictionary<string, YValue>? attributes = null) => throw new NotSupportedException();

    public static void InsertEmbed(this YText text, Transaction transaction, int index, YValue embed, IReadOnlyDictionary<string, YValue>? attributes = null) => throw new NotSupportedException();

    public static void Delete(this YText text, Transaction transaction, int index, int length) => throw new NotSupportedException();

    public static void Format(this YText text, Transaction transaction, int index, int length, IReadOnlyDictionary<string, YValue> attributes) => throw new NotSupportedException();

    public static void Insert(this YXmlFragment fragment, Transaction transaction, int index, IReadOnlyList<AbstractType> nodes) => throw new NotSupportedException();

    public static void Delete(this YXmlFragment fragment, Transaction transaction, int index, int length) => throw new NotSupportedException();

    public static AbstractType Get(this YXmlFragment fragment, int index) => throw new NotSupportedException();

    public static void SetAttribute(this YXmlElement element, Transaction transaction, string name, string value) => throw new NotSupportedException();

    public static void RemoveAttribute(this YXmlElement element, Transaction transaction, string name) => throw new NotSupportedException();
}
