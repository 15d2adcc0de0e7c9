namespace YServer.Yjs.Gc;

/// <summary>Works out which structs of an update a fresh <c>Y.Doc</c> integrates on <c>applyUpdate</c> and
/// which stay pending (yjs <c>integrateStructs</c> / <c>Item.getMissing</c>): a client's structs integrate in
/// clock order starting at clock 0, a Skip or a clock gap blocks the rest of its client, and an item waits
/// until the clock its origin, right origin or explicit parent id names on another client is integrated.
/// Cycles stay pending. As in <c>readClientsStructRefs</c>, a client written in two sections keeps only its
/// last one.</summary>
/// <remarks>The collector must not turn a pending item into GC: a GC struct has no dependencies, so it (and
/// every struct of its client behind it) would integrate where the original update keeps them pending.</remarks>
internal static class IntegrationSimulator
{
    /// <returns>Per struct index: true when a fresh document integrates it.</returns>
    public static bool[] Run(UpdateSection[] sections, LocatedStruct[] structs)
    {
        var integrated = new bool[structs.Length];
        var lastSection = new Dictionary<long, UpdateSection>(sections.Length);
        foreach (var section in sections)
        {
            lastSection[section.Client] = section;
        }

        var state = new Dictionary<long, long>(lastSection.Count); // next clock a client integrates
        var next = new Dictionary<long, int>(lastSection.Count); // next struct index of a client
        var waiting = new Dictionary<long, PriorityQueue<long, long>>(); // dependency client -> (waiter, clock needed)
        var work = new Queue<long>(lastSection.Keys);
        foreach (var (client, section) in lastSection)
        {
            next[client] = section.FirstStruct;
        }

        long StateOf(long client) => state.TryGetValue(client, out var clock) ? clock : 0;

        while (work.TryDequeue(out var client))
        {
            var section = lastSection[client];
            var end = section.FirstStruct + section.StructCount;
            var advanced = false;
            for (var i = next[client]; i < end; i++)
            {
                var s = structs[i].Value;
                if (s.Kind == StructKind.Skip || s.Clock != StateOf(client))
                {
                    break; // this client can never go on
                }

                if (s.IsItem && Missing(s, StateOf) is { } missing)
                {
                    if (missing.Client == client)
                    {
                        break; // a reference to its own future: never satisfied
                    }

                    if (!waiting.TryGetValue(missing.Client, out var waiters))
                    {
                        waiters = new PriorityQueue<long, long>();
                        waiting.Add(missing.Client, waiters);
                    }

                    waiters.Enqueue(client, missing.Clock);
                    break;
                }

                integrated[i] = true;
                state[client] = s.End;
                next[client] = i + 1;
                advanced = true;
            }

            if (advanced && waiting.TryGetValue(client, out var woken))
            {
                var reached = StateOf(client);
                while (woken.TryPeek(out var waiter, out var clock) && clock < reached)
                {
                    woken.Dequeue();
                    work.Enqueue(waiter);
                }
            }
        }

        return integrated;
    }

    /// <summary>The first id the item depends on that is not integrated yet, like <c>Item.getMissing</c>
    /// (ids of the item's own client are not checked there; one at or past the item's clock is reported
    /// so the item never integrates).</summary>
    private static StructId? Missing(in UpdateStruct s, Func<long, long> stateOf)
    {
        if (s.HasOrigin && IsMissing(s, s.Origin, stateOf))
        {
            return s.Origin;
        }

        if (s.HasRightOrigin && IsMissing(s, s.RightOrigin, stateOf))
        {
            return s.RightOrigin;
        }

        if (s.ParentKind == ParentKind.Id && IsMissing(s, s.ParentId, stateOf))
        {
            return s.ParentId;
        }

        return null;
    }

    private static bool IsMissing(in UpdateStruct s, StructId id, Func<long, long> stateOf) =>
        id.Client == s.Client ? id.Clock >= s.Clock : id.Clock >= stateOf(id.Client);
}
