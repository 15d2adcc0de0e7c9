namespace YServer.Crdt;

/// <summary>yjs 13.6's search markers for plain text (<c>findMarker</c>, <c>markPosition</c>,
/// <c>updateMarkerChanges</c>): up to 80 remembered (item, index) pairs per type, so an index lookup walks from
/// the nearest one instead of from the start. They also decide where a lookup lands next to tombstones, so they are
/// reproduced exactly, quirks included (stale <see cref="Item.Marker"/> flags after a remote change clears the list).
/// Rich text drops them for good once a format marker is integrated (<see cref="ContentFormat"/>).</summary>
internal static class SearchMarkerIndex
{
    private const int MaxSearchMarkers = 80;

    /// <summary>yjs <c>findMarker</c>: a refreshed marker at or near <paramref name="index"/> whose item cannot be
    /// squashed into its left neighbour, or null when markers are off or not worth it.</summary>
    public static ArraySearchMarker? FindMarker(AbstractType type, int index)
    {
        var markers = type.SearchMarkers;
        if (type.Start is null || index == 0 || markers is null)
        {
            return null;
        }

        ArraySearchMarker? marker = null;
        foreach (var candidate in markers)
        {
            // Array.reduce keeping the earlier one only when strictly closer.
            if (marker is null || Math.Abs(index - marker.Index) >= Math.Abs(index - candidate.Index))
            {
                marker = candidate;
            }
        }

        var p = type.Start;
        var pindex = 0;
        if (marker is not null)
        {
            p = marker.P;
            pindex = marker.Index;
            Refresh(markers, marker);
        }

        while (p.Right is not null && pindex < index)
        {
            if (!p.Deleted && p.Countable)
            {
                if (index < pindex + p.Length)
                {
                    break;
                }

                pindex += p.Length;
            }

            p = p.Right;
        }

        while (p.Left is not null && pindex > index)
        {
            p = p.Left;
            if (!p.Deleted && p.Countable)
            {
                pindex -= p.Length;
            }
        }

        // The marker must not point at an item that could be squashed into its left neighbour.
        while (p.Left is not null && p.Left.Id.Client == p.Id.Client && p.Left.Id.Clock + (uint)p.Left.Length == p.Id.Clock)
        {
            p = p.Left;
            if (!p.Deleted && p.Countable)
            {
                pindex -= p.Length;
            }
        }

        var parentLength = p.Parent is { } parent ? parent.LengthInternal : type.LengthInternal;
        if (marker is not null && Math.Abs(marker.Index - pindex) < parentLength / (double)MaxSearchMarkers)
        {
            Overwrite(markers, marker, p, pindex);
            return marker;
        }

        return MarkPosition(markers, p, pindex);
    }

    /// <summary>yjs <c>updateMarkerChanges</c>: shifts markers after an insertion (<paramref name="length"/> &gt; 0)
    /// or deletion (&lt; 0) at <paramref name="index"/>. Call before the deletion is applied.</summary>
    public static void UpdateChanges(List<ArraySearchMarker> markers, int index, int length)
    {
        for (var i = markers.Count - 1; i >= 0; i--)
        {
            var m = markers[i];
            if (length > 0)
            {
                Item? p = m.P;
                p.Marker = false;

                // Move to the previous live countable item so the position comparison below is meaningful.
                while (p is not null && (p.Deleted || !p.Countable))
                {
                    p = p.Left;
                    if (p is not null && !p.Deleted && p.Countable)
                    {
                        m.Index -= p.Length;
                    }
                }

                if (p is null || p.Marker)
                {
                    // No live position left, or another marker has it already.
                    markers.RemoveAt(i);
                    continue;
                }

                m.P = p;
                p.Marker = true;
            }

            if (index < m.Index || (length > 0 && index == m.Index))
            {
                m.Index = Math.Max(index, m.Index + length);
            }
        }
    }

    private static ArraySearchMarker MarkPosition(List<ArraySearchMarker> markers, Item p, int index)
    {
        if (markers.Count >= MaxSearchMarkers)
        {
            var oldest = markers[0];
            foreach (var candidate in markers)
            {
                if (oldest.Timestamp >= candidate.Timestamp)
                {
                    oldest = candidate;
                }
            }

            Overwrite(markers, oldest, p, index);
            return oldest;
        }

        p.Marker = true;
        var marker = new ArraySearchMarker(p, index) { Timestamp = NextTimestamp(markers) };
        markers.Add(marker);
        return marker;
    }

    private static void Overwrite(List<ArraySearchMarker> markers, ArraySearchMarker marker, Item p, int index)
    {
        marker.P.Marker = false;
        marker.P = p;
        p.Marker = true;
        marker.Index = index;
        Refresh(markers, marker);
    }

    private static void Refresh(List<ArraySearchMarker> markers, ArraySearchMarker marker) => marker.Timestamp = NextTimestamp(markers);

    /// <summary>yjs uses one global ever-increasing counter; only the order within one type's list matters, so the
    /// next value after the list's newest gives the same choices without global state.</summary>
    private static long NextTimestamp(List<ArraySearchMarker> markers)
    {
        long newest = 0;
        foreach (var marker in markers)
        {
            newest = Math.Max(newest, marker.Timestamp);
        }

        return newest + 1;
    }
}
