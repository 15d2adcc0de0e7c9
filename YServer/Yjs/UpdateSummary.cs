namespace YServer.Yjs;

/// <summary>What a validated update covers: per client the clock ranges its structs occupy (Skips excluded,
/// GC included; adjacent structs of a section joined into one range) and its delete-set ranges, plus a few
/// size facts. Produced by <see cref="YUpdate.Validate(ReadOnlySpan{byte})"/>.</summary>
public sealed class UpdateSummary
{
    private readonly ClockRange[] _structRanges;
    private readonly ClockRange[] _deleteRanges;

    public UpdateSummary(int byteLength, int structCount, int skipCount, ClockRange[] structRanges, ClockRange[] deleteRanges)
    {
        ArgumentNullException.ThrowIfNull(structRanges);
        ArgumentNullException.ThrowIfNull(deleteRanges);
        ByteLength = byteLength;
        StructCount = structCount;
        SkipCount = skipCount;
        _structRanges = structRanges;
        _deleteRanges = deleteRanges;
    }

    /// <summary>Size of the encoded update.</summary>
    public int ByteLength { get; }

    /// <summary>Items and GC runs (Skips not counted).</summary>
    public int StructCount { get; }

    /// <summary>Skip structs (clock ranges the update says it does not contain).</summary>
    public int SkipCount { get; }

    /// <summary>Clock ranges covered by items and GC runs, in wire order.</summary>
    public IReadOnlyList<ClockRange> StructRanges => _structRanges;

    /// <summary>Delete-set ranges in wire order (not sorted or merged).</summary>
    public IReadOnlyList<ClockRange> DeleteRanges => _deleteRanges;

    public ReadOnlySpan<ClockRange> StructRangeSpan => _structRanges;

    public ReadOnlySpan<ClockRange> DeleteRangeSpan => _deleteRanges;

    public bool HasStructs => _structRanges.Length > 0;

    public bool HasDeletes => _deleteRanges.Length > 0;

    /// <summary>No structs and no deletions: the update changes nothing (e.g. <c>00 00</c>).</summary>
    public bool IsEmpty => !HasStructs && !HasDeletes;

    /// <summary>Total clock units covered by <see cref="StructRanges"/>.</summary>
    public long StructClockCount
    {
        get
        {
            var total = 0L;
            foreach (var range in _structRanges)
            {
                total += range.Length;
            }

            return total;
        }
    }
}
