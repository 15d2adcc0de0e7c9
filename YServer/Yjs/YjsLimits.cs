using YServer.Lib0;

namespace YServer.Yjs;

/// <summary>Structural caps applied while decoding untrusted updates (yjs-wire-format.md §10 item 13).
/// Every count is also bounded by the bytes that are left, so these are a second line of defence that keeps
/// the work per update predictable, not the only one.</summary>
/// <remarks>yjs's own <c>limits.js</c> caps client sections and structs per section at 100 000. yserver keeps
/// the section cap but counts structs per update with a larger default: a merge-only server never coalesces
/// items, so a compacted log of one busy client legitimately holds far more than 100 000 structs.</remarks>
public sealed record YjsLimits
{
    /// <summary>The limits <see cref="YUpdate.Validate(ReadOnlySpan{byte})"/> uses.</summary>
    public static YjsLimits Default { get; } = new();

    /// <summary>Client sections per update (yjs <c>MAX_UPDATES</c>).</summary>
    public int MaxSections { get; init; } = 100_000;

    /// <summary>Structs (items, GC runs and Skips) per update.</summary>
    public int MaxStructs { get; init; } = 10_000_000;

    /// <summary>Delete-set ranges per update.</summary>
    public int MaxDeleteRanges { get; init; } = 10_000_000;

    /// <summary>Longest clock range one struct (GC, Skip, ContentDeleted) or one delete-set range may cover
    /// in a validated update. A client would need billions of operations to produce more; a hostile range of
    /// 2^53 − 1 clocks (vector <c>ds-huge-range</c>) only pushes JavaScript clock arithmetic to the edge of
    /// precision. yjs 14 caps GC and Skip runs far lower (100 000).</summary>
    public long MaxClockRangeLength { get; init; } = 1L << 32;

    /// <summary>Highest clock a struct (other than a Skip) or a delete-set range may reach with its end, i.e. the
    /// largest state-vector entry a validated update can produce: 2^32 − 1. A client would need four billion
    /// operations to get there; the document model (<c>YServer.Crdt</c>) keeps clocks in 32 bits, and yjs keeps a
    /// struct that starts beyond the clocks it holds pending forever, so a store holding one would diverge from
    /// what clients show.</summary>
    public long MaxClock { get; init; } = uint.MaxValue;

    /// <summary>Nesting depth of lib0 <c>any</c> values.</summary>
    public int MaxAnyDepth { get; init; } = Lib0Reader.DefaultMaxAnyDepth;

    /// <summary>Nesting depth of JSON texts in ContentJSON, ContentEmbed and ContentFormat.</summary>
    public int MaxJsonDepth { get; init; } = 64;
}
