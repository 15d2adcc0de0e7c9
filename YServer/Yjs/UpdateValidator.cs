using YServer.Lib0;

namespace YServer.Yjs;

/// <summary>The strict gatekeeper for untrusted v1 updates (yjs-wire-format.md §10). One linear pass; the
/// only allocations are the summary's range arrays, bounded by the input size.</summary>
public static class UpdateValidator
{
    /// <exception cref="YProtocolException">Anything malformed, over a limit, or never produced by yjs.</exception>
    public static UpdateSummary Validate(ReadOnlySpan<byte> update, YjsLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return Check(update, limits, collectRanges: true, out _)!;
    }

    /// <summary><see cref="Validate"/> without building the summary (no allocation): the same checks, for callers
    /// that only need to know the update is sound and how many structs (items and GC runs) it holds.</summary>
    /// <exception cref="YProtocolException">As <see cref="Validate"/>.</exception>
    internal static int CountStructs(ReadOnlySpan<byte> update, YjsLimits limits)
    {
        Check(update, limits, collectRanges: false, out var structCount);
        return structCount;
    }

    private static UpdateSummary? Check(ReadOnlySpan<byte> update, YjsLimits limits, bool collectRanges, out int structCount)
    {
        var reader = new UpdateV1Reader(update, limits, strict: true);
        var sectionCount = reader.ReadSectionCount();
        // Keystroke-sized updates fit the stack buffers; only the summary's exact arrays are allocated.
        var structRanges = new ClockRangeBuilder(stackalloc ClockRange[8]);
        structCount = 0;
        var skipCount = 0;
        for (var s = 0; s < sectionCount; s++)
        {
            reader.ReadSectionHeader(out var count, out var client, out var startClock);
            var clock = startClock;
            var runStart = -1L;
            for (var i = 0; i < count; i++)
            {
                var value = reader.ReadStruct(client, clock);
                if (value.Kind == StructKind.Skip)
                {
                    skipCount++;
                    if (runStart >= 0 && collectRanges)
                    {
                        structRanges.Add(new ClockRange(client, runStart, clock - runStart));
                        runStart = -1;
                    }
                }
                else
                {
                    structCount++;
                    if (runStart < 0)
                    {
                        runStart = clock;
                    }
                }

                clock = value.End;
            }

            if (runStart >= 0 && collectRanges)
            {
                structRanges.Add(new ClockRange(client, runStart, clock - runStart));
            }

        }

        var deleteRanges = new ClockRangeBuilder(stackalloc ClockRange[8]);
        var clients = reader.ReadDeleteSetClientCount();
        for (var i = 0; i < clients; i++)
        {
            reader.ReadDeleteSetClient(out var client, out var ranges);
            for (var j = 0; j < ranges; j++)
            {
                var range = reader.ReadDeleteRange(client);
                if (collectRanges)
                {
                    deleteRanges.Add(range);
                }
            }
        }

        reader.ReadEnd();
        return !collectRanges ? null : new UpdateSummary(update.Length, structCount, skipCount, structRanges.ToArray(), deleteRanges.ToArray());
    }
}
