using System.Text;
using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>A shared rich text (yjs 13.6 <c>Y.Text</c>): UTF-16 text with formatting attributes kept as
/// non-countable format markers, embeds (JSON values) and embedded shared types. Indexes and lengths count
/// UTF-16 code units, as in JavaScript. Edits make exactly yjs's decisions (see <see cref="TextEditing"/>).
/// A <c>new YText("…")</c> is prelim: its text is inserted when it is put into a document.</summary>
public class YText : AbstractType
{
    private string? _prelimText;

    public YText()
    {
        SearchMarkers = [];
    }

    /// <summary>A prelim text holding <paramref name="initial"/> once integrated.</summary>
    public YText(string initial)
        : this()
    {
        ArgumentNullException.ThrowIfNull(initial);
        _prelimText = initial;
    }

    internal override int TypeRef => TypeRefs.Text;

    /// <summary>Inserts <paramref name="text"/> at <paramref name="index"/>. Without <paramref name="attributes"/> it
    /// takes the formatting in effect at that position (yjs <c>insert</c>); with them it gets exactly those.</summary>
    public void Insert(Transaction transaction, int index, string text, IReadOnlyDictionary<string, YValue>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckTransaction(transaction);
        CheckIndex(index);
        var checkedAttributes = attributes is null ? null : ToAttributes(attributes);
        if (text.Length == 0)
        {
            return;
        }

        var position = TextEditing.FindPosition(transaction, this, index, useSearchMarker: attributes is null);
        checkedAttributes ??= position.CurrentAttributes.Copy();
        TextEditing.InsertText(transaction, this, position, new ContentString(text), checkedAttributes);
    }

    /// <summary>Inserts an embed (a JSON value, usually an object) at <paramref name="index"/>. Unlike text, an
    /// embed inserted without attributes gets none (yjs <c>insertEmbed</c>). A string value is inserted as text,
    /// as yjs does.</summary>
    public void InsertEmbed(Transaction transaction, int index, YValue embed, IReadOnlyDictionary<string, YValue>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(embed);
        CheckTransaction(transaction);
        CheckIndex(index);
        CheckJson(embed.Js, nameof(embed));
        var checkedAttributes = attributes is null ? new TextAttributes() : ToAttributes(attributes);
        var position = TextEditing.FindPosition(transaction, this, index, useSearchMarker: attributes is null);
        TextEditing.InsertText(transaction, this, position, EmbedContent(embed), checkedAttributes);
    }

    /// <summary>Embeds a new (prelim) shared type at <paramref name="index"/>.</summary>
    public void InsertEmbed(Transaction transaction, int index, AbstractType embed, IReadOnlyDictionary<string, YValue>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(embed);
        CheckTransaction(transaction);
        CheckIndex(index);
        CheckPrelim(embed);
        var checkedAttributes = attributes is null ? new TextAttributes() : ToAttributes(attributes);
        var position = TextEditing.FindPosition(transaction, this, index, useSearchMarker: attributes is null);
        TextEditing.InsertText(transaction, this, position, new ContentType(embed), checkedAttributes);
    }

    /// <summary>Deletes <paramref name="length"/> units from <paramref name="index"/>, then removes format markers
    /// the deletion made redundant (as yjs's <c>delete</c> does).</summary>
    public void Delete(Transaction transaction, int index, int length)
    {
        CheckTransaction(transaction);
        CheckRange(index, length);
        if (length == 0)
        {
            return;
        }

        TextEditing.DeleteText(transaction, TextEditing.FindPosition(transaction, this, index, useSearchMarker: true), length);
    }

    /// <summary>Applies <paramref name="attributes"/> to <paramref name="length"/> units from <paramref name="index"/>;
    /// a null value removes that attribute (yjs <c>format</c>).</summary>
    public void Format(Transaction transaction, int index, int length, IReadOnlyDictionary<string, YValue> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        CheckTransaction(transaction);
        CheckRange(index, length);
        var checkedAttributes = ToAttributes(attributes);
        if (length == 0)
        {
            return;
        }

        var position = TextEditing.FindPosition(transaction, this, index, useSearchMarker: false);
        if (position.Right is null)
        {
            return;
        }

        TextEditing.FormatText(transaction, this, position, length, checkedAttributes);
    }

    /// <summary>Applies a Quill delta (yjs <c>applyDelta</c>). A retain past the end appends newlines, as Quill
    /// expects; with <paramref name="sanitize"/> off a final inserted newline at the end is dropped (yjs's quirk,
    /// kept as is).</summary>
    public void ApplyDelta(Transaction transaction, IReadOnlyList<TextDeltaOp> delta, bool sanitize = true)
    {
        ArgumentNullException.ThrowIfNull(delta);
        CheckTransaction(transaction);
        var checkedAttributes = new TextAttributes[delta.Count];
        for (var i = 0; i < delta.Count; i++)
        {
            var op = delta[i] ?? throw new ArgumentException($"Delta op {i} is null.", nameof(delta));
            checkedAttributes[i] = op.Attributes is null ? new TextAttributes() : ToAttributes(op.Attributes);
            if (op.Embed is not null)
            {
                CheckJson(op.Embed.Js, nameof(delta));
            }

            if (op.Type is not null)
            {
                CheckPrelim(op.Type);
            }
        }

        var position = new ItemTextListPosition(null, Start, 0, new TextAttributes());
        for (var i = 0; i < delta.Count; i++)
        {
            var op = delta[i];
            switch (op.Kind)
            {
                case TextDeltaOpKind.Insert when op.Text is { } text:
                    // Quill assumes the text ends with a newline; yjs hides it only when sanitize is off.
                    var insert = !sanitize && i == delta.Count - 1 && position.Right is null && text.EndsWith('\n')
                        ? text[..^1]
                        : text;
                    if (insert.Length > 0)
                    {
                        TextEditing.InsertText(transaction, this, position, new ContentString(insert), checkedAttributes[i]);
                    }

                    break;
                case TextDeltaOpKind.Insert:
                    var content = op.Type is not null ? new ContentType(op.Type) : EmbedContent(op.Embed!);
                    TextEditing.InsertText(transaction, this, position, content, checkedAttributes[i]);
                    break;
                case TextDeltaOpKind.Retain:
                    TextEditing.FormatText(transaction, this, position, op.Length, checkedAttributes[i]);
                    break;
                default:
                    TextEditing.DeleteText(transaction, position, op.Length);
                    break;
            }
        }
    }

    /// <summary>The content as a Quill delta of inserts (yjs <c>toDelta()</c>): runs of text with equal
    /// formatting, then one op per embed or embedded type.</summary>
    public IReadOnlyList<TextDeltaOp> ToDelta() => ComputeDelta(this);

    /// <summary>The plain text: formatting, embeds and embedded types left out (yjs <c>toString</c>).</summary>
    public override string ToString() => PlainText(this);

    /// <summary>yjs <c>toJSON</c>: the plain text.</summary>
    public override YValue ToJson() => YValue.FromString(ToString());

    /// <summary>Sets a type-level attribute (stored in the map part; yjs <c>setAttribute</c>).</summary>
    public void SetAttribute(Transaction transaction, string name, YValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        CheckTransaction(transaction);
        TypeOperations.TypeMapSet(transaction, this, name, value);
    }

    public void RemoveAttribute(Transaction transaction, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        CheckTransaction(transaction);
        TypeOperations.TypeMapDelete(transaction, this, name);
    }

    /// <summary>The type-level attribute (a <see cref="YValue"/> or nested type), or null when absent.</summary>
    public object? GetAttribute(string name) => TypeOperations.TypeMapGet(this, name);

    /// <summary>All live type-level attributes in insertion order.</summary>
    public IReadOnlyDictionary<string, object> GetAttributes() => MapEntries(this);

    internal override AbstractType CopyEmpty() => new YText();

    internal override void IntegrateType(YDoc doc, Item? item)
    {
        base.IntegrateType(doc, item);
        var prelim = _prelimText;
        _prelimText = null;
        if (!string.IsNullOrEmpty(prelim) && doc.CurrentTransaction is { } transaction)
        {
            var position = TextEditing.FindPosition(transaction, this, 0, useSearchMarker: true);
            TextEditing.InsertText(transaction, this, position, new ContentString(prelim), position.CurrentAttributes.Copy());
        }
    }

    internal override void CallObserver(Transaction transaction)
    {
        base.CallObserver(transaction);

        // yjs AbstractType._callObserver: remote changes invalidate the markers. Only the list is emptied; the items
        // keep their Marker flags, which later marker updates observe (a yjs quirk kept for identical decisions).
        if (!transaction.Local)
        {
            SearchMarkers?.Clear();
        }

        // A remote change to formatted text may leave duplicate markers; yjs cleans them up afterwards (only
        // when DocOptions.CleanupFormatting is on here).
        if (!transaction.Local && HasFormatting)
        {
            transaction.NeedFormattingCleanup = true;
        }
    }

    /// <summary>yjs <c>toString</c> over any type's list part (also used to export untyped roots).</summary>
    internal static string PlainText(AbstractType type)
    {
        var builder = new StringBuilder(type.LengthInternal);
        for (var n = type.Start; n is not null; n = n.Right)
        {
            if (!n.Deleted && n.Countable && n.Content is ContentString text)
            {
                builder.Append(text.Span);
            }
        }

        return builder.ToString();
    }

    /// <summary>yjs <c>toDelta()</c> (no snapshots) over any type's list part.</summary>
    internal static List<TextDeltaOp> ComputeDelta(AbstractType type)
    {
        var ops = new List<TextDeltaOp>();
        var current = new TextAttributes();
        var text = new StringBuilder();

        void PackText()
        {
            if (text.Length > 0)
            {
                ops.Add(TextDeltaOp.Insert(text.ToString(), SnapshotAttributes(current)));
                text.Clear();
            }
        }

        for (var n = type.Start; n is not null; n = n.Right)
        {
            if (n.Deleted)
            {
                continue;
            }

            switch (n.Content)
            {
                case ContentString value:
                    // yjs's snapshot rendering owns the 'ychange' attribute: outside a snapshot it is closed
                    // before every text run, so a user attribute of that name never reaches text.
                    if (current.ContainsKey("ychange"))
                    {
                        PackText();
                        current.Remove("ychange");
                    }

                    text.Append(value.Span);
                    break;
                case ContentType embeddedType:
                    PackText();
                    ops.Add(TextDeltaOp.InsertType(embeddedType.Type, SnapshotAttributes(current)));
                    break;
                case ContentEmbed embed:
                    PackText();
                    ops.Add(TextDeltaOp.InsertEmbed(new YValue(embed.Embed), SnapshotAttributes(current)));
                    break;
                case ContentFormat format:
                    PackText();
                    current.Apply(format);
                    break;
            }
        }

        PackText();
        return ops;
    }

    /// <summary>Live map entries of a type in insertion order (yjs <c>typeMapGetAll</c>).</summary>
    internal static Dictionary<string, object> MapEntries(AbstractType type)
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, item) in type.Map)
        {
            if (!item.Deleted)
            {
                result[key] = TypeOperations.ContentValue(item.Content, item.Length - 1);
            }
        }

        return result;
    }

    private static Dictionary<string, YValue>? SnapshotAttributes(TextAttributes attributes)
    {
        if (attributes.Count == 0)
        {
            return null;
        }

        var result = new Dictionary<string, YValue>(attributes.Count, StringComparer.Ordinal);
        for (var i = 0; i < attributes.Count; i++)
        {
            result[attributes.KeyAt(i)] = new YValue(attributes.ValueAt(i));
        }

        return result;
    }

    private static AbstractContent EmbedContent(YValue embed) =>
        embed.Js.Kind == JsValueKind.String ? new ContentString(embed.Js.StringValue!) : new ContentEmbed(embed.Js);

    private static TextAttributes ToAttributes(IReadOnlyDictionary<string, YValue> attributes)
    {
        foreach (var (key, value) in attributes)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(attributes));
            if (value is null)
            {
                throw new ArgumentException($"Attribute '{key}' has no value; use YValue.Null to remove an attribute.", nameof(attributes));
            }

            CheckJson(value.Js, nameof(attributes));
        }

        return TextAttributes.From(attributes);
    }

    /// <summary>Format values and embeds travel as <c>JSON.stringify</c> text (v1), so only JSON values survive;
    /// yjs would fail to encode the rest.</summary>
    private static void CheckJson(JsValue value, string parameter)
    {
        switch (value.Kind)
        {
            case JsValueKind.Undefined or JsValueKind.BigInt or JsValueKind.Bytes:
                throw new ArgumentException($"A {value.Kind} value cannot be stored as a text attribute or embed (JSON only).", parameter);
            case JsValueKind.Array:
                foreach (var item in value.Items!)
                {
                    if (item.Kind != JsValueKind.Undefined)
                    {
                        CheckJson(item, parameter);
                    }
                }

                break;
            case JsValueKind.Object:
                for (var i = 0; i < value.Properties!.Count; i++)
                {
                    if (value.Properties.ValueAt(i).Kind != JsValueKind.Undefined)
                    {
                        CheckJson(value.Properties.ValueAt(i), parameter);
                    }
                }

                break;
        }
    }

    private static void CheckPrelim(AbstractType type)
    {
        if (type.Doc is not null || type.Item is not null)
        {
            throw new InvalidOperationException("This type is already part of a document; embed a new one.");
        }
    }

    private void CheckIndex(int index)
    {
        if (index < 0 || index > LengthInternal)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Index must be within 0..{LengthInternal}.");
        }
    }

    private void CheckRange(int index, int length)
    {
        if (index < 0 || length < 0 || (long)index + length > LengthInternal)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"Range {index}+{length} exceeds the length {LengthInternal}.");
        }
    }

    private protected void CheckTransaction(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        EnsureIntegrated();
        transaction.EnsureActiveFor(Doc!);
    }
}
