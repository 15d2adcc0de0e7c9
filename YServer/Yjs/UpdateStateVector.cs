using YServer.Lib0;

namespace YServer.Yjs;

/// <summary><c>Y.encodeStateVectorFromUpdate</c> (yjs-wire-format.md §6).</summary>
public static class UpdateStateVector
{
    /// <summary>Per run of consecutive structs of one client: if the run starts at clock 0, the end of the
    /// part contiguous from 0, up to the first Skip or gap; otherwise nothing. Entries in update order.</summary>
    /// <remarks>Matches yjs on every update yjs produces. On hand-made input it never over-reports where yjs
    /// would: a leading Skip at clock 0 counts nothing (yjs counts it), and a later section of the same client
    /// that does not continue exactly where the previous one ended stops the count (yjs jumps to its end).
    /// The delete set is read and checked although yjs never looks at it.</remarks>
    /// <exception cref="YProtocolException">The update is structurally malformed.</exception>
    public static byte[] Encode(ReadOnlySpan<byte> update)
    {
        var reader = new UpdateV1Reader(update, YjsLimits.Default, strict: false);
        var sectionCount = reader.ReadSectionCount();
        // Entries go straight into pooled scratch in wire form; the result is the only allocation.
        var body = new PooledBufferWriter(64);
        var entries = new Lib0Writer(body);
        var entryCount = 0;
        var hasRun = false;
        long runClient = 0, runClock = 0;
        var counting = false;
        for (var s = 0; s < sectionCount; s++)
        {
            reader.ReadSectionHeader(out var count, out var client, out var clock);
            for (var i = 0; i < count; i++)
            {
                var value = reader.ReadStruct(client, clock);
                if (!hasRun || runClient != client)
                {
                    if (hasRun && runClock != 0)
                    {
                        entries.WriteVarUInt((ulong)runClient);
                        entries.WriteVarUInt((ulong)runClock);
                        entryCount++;
                    }

                    hasRun = true;
                    runClient = client;
                    runClock = 0;
                    counting = value.Clock == 0;
                }

                if (value.Kind == StructKind.Skip || value.Clock > runClock)
                {
                    counting = false;
                }

                if (counting)
                {
                    runClock = Math.Max(runClock, value.End);
                }

                clock = value.End;
            }
        }

        if (hasRun && runClock != 0)
        {
            entries.WriteVarUInt((ulong)runClient);
            entries.WriteVarUInt((ulong)runClock);
            entryCount++;
        }

        reader.ReadDeleteSet(null);
        var countSize = VarUInt.Length((ulong)entryCount);
        var result = new byte[countSize + body.WrittenCount];
        VarUInt.Write(result, (ulong)entryCount);
        body.WrittenSpan.CopyTo(result.AsSpan(countSize));
        body.Release();
        return result;
    }
}
