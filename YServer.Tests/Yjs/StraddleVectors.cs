namespace YServer.Tests.Yjs;

/// <summary>Update sequences in which a later update carries a struct that straddles the clocks the earlier ones hold
/// (found by the million-frame live fuzz, seed 1592594996: real yjs 13.6.33 clients of room live-3 threw
/// "Cannot read properties of undefined (reading 'origin')" and diverged). Each update is valid on its own; the
/// sequences are checked against real yjs by <see cref="CoverageEdgeInteropTests"/>. Client 5 throughout.</summary>
internal static class StraddleVectors
{
    /// <summary>A GC struct at clocks 0..2.</summary>
    public const string Gc = "01010500000300";

    /// <summary>Item 5:0 "abcdef" in root text "text" (clocks 0..5): after <see cref="Gc"/> yjs integrates only its new
    /// part 3..5, with the GC at 5:2 as left neighbour, and throws.</summary>
    public const string PrefixStraddler = "01010500040104746578740661626364656600";

    /// <summary><see cref="PrefixStraddler"/> cut to the room state after <see cref="Gc"/> (what <c>Y.diffUpdate</c>
    /// gives): item 5:3 "def" with origin 5:2. yjs integrates it (as a GC, its left neighbour being one).</summary>
    public const string PrefixStraddlerCut = "010105038405020364656600";

    /// <summary>Item 5:8 "xy" in root text "text": beyond a gap after <see cref="Gc"/> (pending in yjs).</summary>
    public const string Island = "010105080401047465787402787900";

    /// <summary>Item 5:3 "abcdef" with origin 5:2 (clocks 3..8): runs into <see cref="Island"/>. yjs integrates it, then
    /// retries the pending island with only its new part and the struct 5:8 before it as left neighbour (a GC) and
    /// throws.</summary>
    public const string IslandStraddler = "010105038405020661626364656600";
}
