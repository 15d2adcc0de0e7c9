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
        var reader = new UpdateV1Reader(update, limits, strict: true);
        var sectionCount = reader.ReadSectionCount();
        var structRanges = new List<ClockRange>(sectionCount);
        var sections = sectionCount > 1 ? new ClockRange[sectionCount] : null;
        var sectionsDescending = true;
        var structCount = 0;
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
                    if (runStart >= 0)
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

            if (runStart >= 0)
            {
                structRanges.Add(new ClockRange(client, runStart, clock - runStart));
            }

            if (sections is not null)
            {
                sections[s] = new ClockRange(client, startClock, clock - startClock);
                if (s > 0 && sections[s - 1].Client <= client)
                {
                    sectionsDescending = false;
                }
            }
        }

        if (sections is not null && !sectionsDescending)
        {
            CheckSectionsDisjoint(sections, reader.Position);
        }

        var deleteRanges = new List<ClockRange>();
        var clients = reader.ReadDeleteSetClientCount();
        for (var i = 0; i < clients; i++)
        {
            reader.ReadDeleteSetClient(out var client, out var ranges);
            for (var j = 0; j < ranges; j++)
            {
                deleteRanges.Add(reader.ReadDeleteRange(client));
            }
        }

        reader.ReadEnd();
        return new UpdateSummary(update.Length, structCount, skipCount, [.. structRanges], [.. deleteRanges]);
    }

    /// <summary>yjs never writes two sections of one client that cover the same clock; merge would keep the
    /// first and a Y.Doc would apply both (§10 item 10).</summary>
    private static void CheckSectionsDisjoint(ClockRange[] sections, int offset)
    {
        Array.Sort(sections, static (a, b) => a.Client != b.Client ? a.Client.CompareTo(b.Client) : a.Clock.CompareTo(b.Clock));
        for (var i = 1; i < sections.Length; i++)
        {
            var previous = sections[i - 1];
            var current = sections[i];
            if (previous.Client == current.Client && previous.End > current.Clock)
            {
                YProtocolException.Throw(ProtocolViolation.OverlappingStructs, offset);
            }
        }
    }
}
