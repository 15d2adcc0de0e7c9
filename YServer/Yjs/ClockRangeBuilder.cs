using System.Buffers;

namespace YServer.Yjs;

/// <summary>Collects clock ranges in a caller-provided (usually stack) span, spilling into pooled arrays when
/// it fills, so that only the exact-size result of <see cref="ToArray"/> is allocated.</summary>
internal ref struct ClockRangeBuilder
{
    private Span<ClockRange> _items;
    private ClockRange[]? _rented;
    private int _count;

    public ClockRangeBuilder(Span<ClockRange> initial)
    {
        _items = initial;
        _rented = null;
        _count = 0;
    }

    public void Add(ClockRange range)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[_count++] = range;
    }

    /// <summary>The ranges as an exact-size array; returns any pooled storage.</summary>
    public ClockRange[] ToArray()
    {
        var result = _count == 0 ? [] : _items[.._count].ToArray();
        if (_rented is not null)
        {
            ArrayPool<ClockRange>.Shared.Return(_rented);
            _rented = null;
        }

        return result;
    }

    private void Grow()
    {
        var grown = ArrayPool<ClockRange>.Shared.Rent(Math.Max(16, _items.Length * 2));
        _items[.._count].CopyTo(grown);
        if (_rented is not null)
        {
            ArrayPool<ClockRange>.Shared.Return(_rented);
        }

        _rented = grown;
        _items = grown;
    }
}
