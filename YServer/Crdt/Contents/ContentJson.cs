using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>Legacy JSON values (ref 2), one clock each; <c>"undefined"</c> on the wire is JS undefined.</summary>
internal sealed class ContentJson(List<JsValue> values) : AbstractContent
{
    public List<JsValue> Values { get; } = values;

    public override int Length => Values.Count;

    public override bool IsCountable => true;

    public override byte Ref => 2;

    public override IReadOnlyList<object> GetContent()
    {
        var result = new object[Values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new YValue(Values[i]);
        }

        return result;
    }

    public override AbstractContent Copy() => new ContentJson([.. Values]);

    public override AbstractContent Splice(int offset)
    {
        var right = new ContentJson(Values.GetRange(offset, Values.Count - offset));
        Values.RemoveRange(offset, Values.Count - offset);
        return right;
    }

    public override bool MergeWith(AbstractContent right)
    {
        Values.AddRange(((ContentJson)right).Values);
        return true;
    }

    public override void Write(UpdateEncoderV1 encoder, int offset)
    {
        encoder.WriteLength(Values.Count - offset);
        for (var i = offset; i < Values.Count; i++)
        {
            var value = Values[i];
            encoder.WriteString(value.Kind == JsValueKind.Undefined ? "undefined" : JavaScriptJson.Stringify(value, 0)!);
        }
    }
}
