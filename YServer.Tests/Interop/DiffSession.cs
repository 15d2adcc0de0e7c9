namespace YServer.Tests.Interop;

/// <summary>
/// One line of <c>gen-sessions.mjs</c> output: the updates a seeded yjs editing session emitted and
/// yjs's own answers for them. All byte strings are lowercase hex. Layout: <c>node/lib/cases.mjs</c>.
/// </summary>
internal sealed record DiffSession(
    uint Seed,
    int Index,
    uint SessionSeed,
    IReadOnlyList<ulong> Clients,
    IReadOnlyList<string> Updates,
    IReadOnlyList<string> UpdatesV2,
    IReadOnlyList<DiffSession.MergeCase> Merge,
    IReadOnlyList<DiffSession.ConvertCase> MergeV2ToV1,
    IReadOnlyList<DiffSession.DiffCase> Diff,
    IReadOnlyList<DiffSession.StateVectorCase> StateVectorFromUpdate,
    IReadOnlyList<DiffSession.DocState> FullState,
    IReadOnlyList<DiffSession.DocState> FullStateNoGc,
    DiffSession.DocState Final)
{
    /// <summary><c>Y.mergeUpdates(Inputs)</c> = Output.</summary>
    internal sealed record MergeCase(IReadOnlyList<string> Inputs, string Output);

    /// <summary><c>Y.convertUpdateFormatV2ToV1(Input)</c> = Output.</summary>
    internal sealed record ConvertCase(string Input, string Output);

    /// <summary><c>Y.diffUpdate(Update, Sv)</c> = Output.</summary>
    internal sealed record DiffCase(string Update, string Sv, string Output);

    /// <summary><c>Y.encodeStateVectorFromUpdate(Update)</c> = Output.</summary>
    internal sealed record StateVectorCase(string Update, string Output);

    /// <summary>
    /// A document at the end of the session: <c>encodeStateAsUpdate</c>, <c>encodeStateVector</c>, the
    /// canonical content JSON (<c>node/lib/content.mjs</c>) and whether it still waits for missing structs
    /// or deletions. <see cref="Doc"/> is null for the union document (<see cref="Final"/>), which received
    /// every edit and so has nothing pending.
    /// </summary>
    internal sealed record DocState(int? Doc, string Update, string Sv, string Content, bool Pending);
}
