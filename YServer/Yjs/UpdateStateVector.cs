using System.Buffers;
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
        List<(long Client, long Clock)>? entries = null;
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
                        (entries ??= []).Add((runClient, runClock));
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
            (entries ??= []).Add((runClient, runClock));
        }

        reader.ReadDeleteSet(null);
        var output = new ArrayBufferWriter<byte>(1 + ((entries?.Count ?? 0) * 10));
        var writer = new Lib0Writer(output);
        writer.WriteVarUInt((ulong)(entries?.Count ?? 0));
        if (entries is not null)
        {
            foreach (var (client, clock) in entries)
            {
                writer.WriteVarUInt((ulong)client);
                writer.WriteVarUInt((ulong)clock);
            }
        }

        return output.WrittenSpan.ToArray();
    }
}
