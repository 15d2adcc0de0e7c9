using YServer.Lib0;

namespace YServer.Yjs;

/// <summary><c>Y.mergeUpdates</c> (yjs-wire-format.md §7), byte-identical to yjs 13.6.</summary>
/// <remarks>The order in which yjs visits its input readers decides the output bytes;
/// <see cref="MergeReaderOrder"/> reproduces it.</remarks>
public static class UpdateMerger
{
    private static readonly byte[] EmptyUpdate = [0, 0];

    /// <exception cref="YProtocolException">An input (when there are two or more) is structurally malformed.</exception>
    public static byte[] Merge(IReadOnlyList<ReadOnlyMemory<byte>> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return (byte[])EmptyUpdate.Clone();
        }

        if (updates.Count == 1)
        {
            // yjs returns a single input untouched, without even parsing it.
            return updates[0].ToArray();
        }

        var decoded = new DecodedUpdate[updates.Count];
        var totalBytes = 0;
        var totalStructs = 0;
        for (var i = 0; i < updates.Count; i++)
        {
            decoded[i] = UpdateV1Decoder.Decode(updates[i]);
            totalBytes += updates[i].Length;
            totalStructs += decoded[i].Structs.Count;
        }

        var writer = new UpdateV1Writer(totalBytes);
        MergeStructs(decoded, writer, totalStructs);

        var deleteSets = new DeleteSet[decoded.Length];
        for (var i = 0; i < decoded.Length; i++)
        {
            deleteSets[i] = decoded[i].DeleteSet;
        }

        return writer.ToArray(DeleteSet.MergeAll(deleteSets), DeleteSetEncoding.AsStored);
    }

    private static void MergeStructs(DecodedUpdate[] inputs, UpdateV1Writer writer, int totalStructs)
    {
        var order = new MergeReaderOrder(inputs.Length);
        for (var i = 0; i < inputs.Length; i++)
        {
            var cursor = new MergeCursor(inputs[i]);
            if (cursor.HasCurrent)
            {
                order.AddInitial(cursor);
            }
        }

        order.SortInitial();
        var pending = new Pending();
        var hasPending = false;

        // Every step consumes a struct or makes the pending struct cover the next one; this bound only turns
        // a logic error into an exception instead of a hang.
        var stepsLeft = (4L * totalStructs) + 16;
        while (order.TryTakeFirst(out var cursor))
        {
            if (--stepsLeft < 0)
            {
                throw new InvalidOperationException("Merge did not make progress.");
            }

            var firstClient = cursor.Current.Client;
            if (hasPending)
            {
                var iterated = false;
                while (cursor.HasCurrent && cursor.Current.End <= pending.End && cursor.Current.Client >= pending.Value.Client)
                {
                    cursor.MoveNext();
                    iterated = true;
                }

                if (!cursor.HasCurrent || cursor.Current.Client != firstClient || (iterated && cursor.Current.Clock > pending.End))
                {
                    // Something else may now come first: sort again.
                    order.PutBack(cursor);
                    continue;
                }

                var current = cursor.Current;
                if (firstClient != pending.Value.Client)
                {
                    pending.WriteTo(writer);
                    pending = new Pending(current, 0, cursor.Source);
                    cursor.MoveNext();
                }
                else if (pending.End < current.Clock)
                {
                    if (pending.Value.Kind == StructKind.Skip)
                    {
                        // yjs extends the Skip over the current struct itself (only reachable with inputs whose
                        // clocks run backwards; kept for byte equality).
                        pending.Value = pending.Value with { Length = current.End - pending.Value.Clock };
                    }
                    else
                    {
                        pending.WriteTo(writer);
                        var end = pending.End;
                        pending = new Pending(UpdateStruct.Skip(firstClient, end, current.Clock - end), 0, default);
                    }
                }
                else
                {
                    var overlap = pending.End - current.Clock;
                    var next = new Pending(current, 0, cursor.Source);
                    if (overlap > 0)
                    {
                        if (pending.Value.Kind == StructKind.Skip)
                        {
                            // Prefer real content over the Skip: shorten the Skip.
                            var length = pending.Value.Length - overlap;
                            if (length <= 0)
                            {
                                YProtocolException.Throw(ProtocolViolation.OverlappingStructs, 0);
                            }

                            pending.Value = pending.Value with { Length = length };
                        }
                        else if (current.Kind == StructKind.Gc)
                        {
                            next = new Pending(UpdateStruct.Gc(current.Client, current.Clock + overlap, current.Length - overlap), 0, default);
                        }
                        else
                        {
                            next = new Pending(current, overlap, cursor.Source);
                        }
                    }

                    // Only GC+GC and Skip+Skip merge; decoded items never do (they have no right neighbour).
                    if (pending.Value.Kind != StructKind.Item && pending.Value.Kind == next.Value.Kind)
                    {
                        pending.Value = pending.Value with { Length = pending.Value.Length + next.Length };
                    }
                    else
                    {
                        pending.WriteTo(writer);
                        pending = next;
                        cursor.MoveNext();
                    }
                }
            }
            else
            {
                pending = new Pending(cursor.Current, 0, cursor.Source);
                hasPending = true;
                cursor.MoveNext();
            }

            while (cursor.HasCurrent && cursor.Current.Client == firstClient && cursor.Current.Clock == pending.End)
            {
                pending.WriteTo(writer);
                pending = new Pending(cursor.Current, 0, cursor.Source);
                cursor.MoveNext();
            }

            order.PutBack(cursor);
        }

        if (hasPending)
        {
            pending.WriteTo(writer);
        }
    }

    /// <summary>The struct yjs calls <c>currWrite</c>: not yet written because the next one may extend it.</summary>
    private struct Pending(UpdateStruct value, long offset, ReadOnlyMemory<byte> source)
    {
        public UpdateStruct Value = value;
        public readonly long Offset = offset;
        public readonly ReadOnlyMemory<byte> Source = source;

        public readonly long End => Value.End;

        public readonly long Length => Value.Length - Offset;

        public readonly void WriteTo(UpdateV1Writer writer) => writer.Write(Value, Source.Span, Offset);
    }
}
