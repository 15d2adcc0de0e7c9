using YServer.Crdt;
using YServer.Rooms;

namespace YServer.Admin.Edits;

/// <summary>Checks a parsed edit list against the document before anything is changed: every root has the kind its
/// operations need, and every index and length fits, following the lengths the earlier operations of the same request
/// leave behind. A request it passes can still fail inside the transaction only where it cannot look ahead (XML paths
/// into nodes that earlier operations change); then the room discards the document (see <see cref="Room.EditDocument{TState}"/>).</summary>
internal static class EditValidator
{
    /// <summary>Returns the kind each root will be edited as.</summary>
    /// <exception cref="EditRejectedException">An operation does not fit; nothing was changed.</exception>
    public static Dictionary<string, RootKind> Validate(
        YDoc doc, IReadOnlyList<EditOperation> operations, IReadOnlyDictionary<string, RootKind> hints, IReadOnlyDictionary<string, RootKind> edited)
    {
        var roots = new Dictionary<string, RootState>(StringComparer.Ordinal);
        foreach (var op in operations)
        {
            if (!roots.TryGetValue(op.Root, out var state))
            {
                var existing = doc.GetRoot(op.Root);
                var (kind, inferred) = RootKinds.Resolve(doc, op.Root, hints, edited);
                state = new RootState(kind, inferred, RootKinds.Typed(existing), existing?.Length ?? 0);
                roots.Add(op.Root, state);
            }

            CheckKind(op, state);
            CheckRange(op, state);
        }

        var kinds = new Dictionary<string, RootKind>(roots.Count, StringComparer.Ordinal);
        foreach (var (name, state) in roots)
        {
            kinds[name] = state.Kind;
        }

        return kinds;
    }

    private static void CheckKind(EditOperation op, RootState state)
    {
        var needed = op.RootKind;
        if (state.Typed != RootKind.Unknown && state.Typed != needed)
        {
            throw Reject(op, $"root '{op.Root}' is already a {SchemaHints.Name(state.Typed)} in this document; {op.Name} needs a {SchemaHints.Name(needed)}");
        }

        if (state.Kind == RootKind.Unknown)
        {
            // A root the document does not have yet: its first operation decides, the next ones must agree.
            state.Kind = needed;
            return;
        }

        if (state.Kind != needed)
        {
            var how = state.Inferred ? " (inferred from its content; pass types=" + op.Root + ":Kind to override)" : "";
            throw Reject(op, $"root '{op.Root}' is a {SchemaHints.Name(state.Kind)}{how}; {op.Name} needs a {SchemaHints.Name(needed)}");
        }
    }

    private static void CheckRange(EditOperation op, RootState state)
    {
        var what = op.RootKind switch
        {
            RootKind.Text => "text",
            RootKind.Array => "array",
            _ => "fragment",
        };
        switch (op.Kind)
        {
            case EditKind.TextInsert:
                CheckIndex(op, state, what);
                state.Length += op.Text!.Length;
                break;
            case EditKind.TextAppend:
                state.Length += op.Text!.Length;
                break;
            case EditKind.TextEmbed:
                CheckIndex(op, state, what);
                state.Length += 1;
                break;
            case EditKind.TextFormat:
                CheckSpan(op, state, what);
                break;
            case EditKind.TextDelete or EditKind.ArrayDelete:
                CheckSpan(op, state, what);
                state.Length -= op.Length;
                break;
            case EditKind.ArrayInsert:
                CheckIndex(op, state, what);
                state.Length += op.Values!.Count;
                break;
            case EditKind.ArrayPush:
                state.Length += op.Values!.Count;
                break;
            case EditKind.XmlInsert when op.Path.Length == 0:
                CheckIndex(op, state, what);
                state.Length += op.Nodes.Length;
                break;
            case EditKind.XmlDelete when op.Path.Length == 0:
                CheckSpan(op, state, what);
                state.Length -= op.Length;
                break;
            default:
                // map operations have no range; XML operations inside elements are checked as they are applied
                break;
        }
    }

    private static void CheckIndex(EditOperation op, RootState state, string what)
    {
        if (op.Index > state.Length)
        {
            throw Reject(op, $"index {op.Index} is past the end of {what} '{op.Root}' (length {state.Length} at this operation)");
        }
    }

    private static void CheckSpan(EditOperation op, RootState state, string what)
    {
        if ((long)op.Index + op.Length > state.Length)
        {
            throw Reject(op, $"index {op.Index} + length {op.Length} is past the end of {what} '{op.Root}' (length {state.Length} at this operation)");
        }
    }

    private static EditRejectedException Reject(EditOperation op, string message) => new(op.Position, op.Name, message);

    private sealed class RootState(RootKind kind, bool inferred, RootKind typed, int length)
    {
        public RootKind Kind { get; set; } = kind;

        public bool Inferred { get; } = inferred;

        /// <summary>The kind the document's root instance already has (Unknown while untyped or absent).</summary>
        public RootKind Typed { get; } = typed;

        public int Length { get; set; } = length;
    }
}
