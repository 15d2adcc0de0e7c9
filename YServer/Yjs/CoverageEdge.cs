using YServer.Lib0;

namespace YServer.Yjs;

/// <summary>Stops a struct that straddles the edge of what a room already holds from reaching clients whole.</summary>
/// <remarks><para>A yjs client that receives a struct it partly has integrates only the new part, with the struct of
/// its own client just before it as left neighbour (<c>Item.integrate</c> with an offset). When that neighbour is a
/// GC struct (received as GC, collected under a deleted type, or an item whose parent did not resolve), yjs 13.6.33
/// reads the GC's missing <c>right</c> and throws a TypeError ("reading 'origin'") half-way through the transaction:
/// that client's document is broken from then on. Whether a client holds a GC there is invisible to the server, so
/// the server never sends a struct that straddles its own edge (found by the million-frame live fuzz).</para>
/// <para>A struct that starts below the room's contiguous clock of its client and reaches past it (real yjs produces
/// it: a peer merged two of its items while its sync step 2 was under way, or two peers upload full states) is cut to
/// the room's state vector, as <c>Y.diffUpdate</c> cuts it, so every client gets only the new part, with its origin at
/// the clock before it, which yjs integrates. Held clocks beyond a gap are pending structs in the clients: a struct
/// that integrates at once and ends strictly inside them would make yjs retry a pending struct from the middle, after
/// the new struct (the same throw if that one became a GC), so it is refused; one that contains them whole is fine
/// (the retry skips them), and one that starts beyond the gap is pending itself (yjs merges the overlap).</para></remarks>
public static class CoverageEdge
{
    /// <summary>Null when no struct of <paramref name="update"/> (already validated) straddles what
    /// <paramref name="coverage"/> holds; otherwise the update cut to the room's state vector.</summary>
    /// <exception cref="YProtocolException"><see cref="ProtocolViolation.OverlappingStructs"/>: a struct that integrates
    /// at once ends inside clocks the room holds beyond a gap.</exception>
    public static byte[]? TrimStraddlers(ReadOnlySpan<byte> update, DocumentCoverage coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        var reader = new UpdateV1Reader(update, YjsLimits.Default, strict: false);
        var sections = reader.ReadSectionCount();
        var cut = false;
        for (var s = 0; s < sections; s++)
        {
            reader.ReadSectionHeader(out var count, out var client, out var clock);
            for (var i = 0; i < count; i++)
            {
                var offset = reader.Position;
                var value = reader.ReadStruct(client, clock);
                clock = value.End;
                var range = new ClockRange(client, value.Clock, value.Length);
                if (value.Kind == StructKind.Skip || coverage.CoversStructs(range) || !coverage.OverlapsStructs(range))
                {
                    continue;
                }

                var held = coverage.GetClock(client);
                if (value.Clock > held)
                {
                    continue;
                }

                if (coverage.CoversStructs(new ClockRange(client, value.End - 1, 2)))
                {
                    YProtocolException.Throw(ProtocolViolation.OverlappingStructs, offset,
                        "a struct ends inside clocks the room holds beyond a gap");
                }

                cut |= value.Clock < held;
            }
        }

        return cut ? UpdateDiffer.Diff(update, coverage.GetStateVector()) : null;
    }
}
