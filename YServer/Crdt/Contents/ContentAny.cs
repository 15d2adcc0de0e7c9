using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>JSON-like values written with lib0 <c>writeAny</c> (ref 8), one clock per value.</summary>
internal sealed class ContentAny(List<JsValue> values) : AbstractContent
{
    public List<JsValue> Values { get; private set; } = values;

    public override int Length => Values.Count;

    public override bool IsCountable => true;

    public override byte Ref => 8;

    public override IReadOnlyList<object> GetContent()
    {
        var result = new object[Values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new YValue(Values[i]);
        }

        return result;
    }

    public override AbstractContent Copy() => new ContentAny([.. Values]);

    public override AbstractContent Splice(int offset)
    {
        var right = new ContentAny(Values.GetRange(offset, Values.Count - offset));
        Values.RemoveRange(offset, Values.Count - offset);
        return right;
    }

    public override bool MergeWith(AbstractContent right)
    {
        Values.AddRange(((ContentAny)right).Values);
        return true;
    }

    public override void Write(UpdateEncoderV1 encoder, int offset)
    {
        encoder.WriteLength(Values.Count - offset);
        for (var i = offset; i < Values.Count; i++)
        {
            encoder.WriteAny(Values[i]);
        }
    }
}
