using YServer.Crdt;

using YServer.Tests.Crdt.Invariants;

namespace YServer.Tests.Crdt.Oracle;

/// <summary>Feeds an oracle session's messages to a C# <see cref="YDoc"/> and compares it with yjs's mirror doc
/// after every message: encodeStateAsUpdate bytes (as SHA-256), state vector, pending status, core content,
/// and encodeStateAsUpdate against a state vector where the oracle sent one.</summary>
internal static class SessionReplay
{
    /// <summary>Null when every message matched; else what diverged first.</summary>
    public static string? Run(IReadOnlyList<OracleMessage> messages, bool gc, out int failedAt)
    {
        var doc = new YDoc(new DocOptions { Gc = gc, ClientId = 0xFFFF_FFF0 });
        for (var i = 0; i < messages.Count; i++)
        {
            failedAt = i;
            var m = messages[i];
            try
            {
                doc.ApplyUpdate(m.UpdateBytes);
                if (DocInvariants.Check(doc) is { } broken)
                {
                    return $"invariant broken: {broken}";
                }

                var state = doc.EncodeStateAsUpdate();
                if (CoreContent.Sha256(state) != m.StateHash)
                {
                    return "encodeStateAsUpdate differs";
                }

                var sv = Convert.ToHexStringLower(doc.EncodeStateVector());
                if (sv != m.StateVector)
                {
                    return $"state vector {sv} != yjs {m.StateVector}";
                }

                if (doc.HasPending != m.Pending)
                {
                    return $"pending {doc.HasPending} != yjs {m.Pending}";
                }

                if (CoreContent.Hash(CoreContent.Of(doc)) != m.ContentHash)
                {
                    return "content differs";
                }

                if (m.Diff is [var svHex, var diffHash] && CoreContent.Sha256(doc.EncodeStateAsUpdate(Convert.FromHexString(svHex))) != diffHash)
                {
                    return $"encodeStateAsUpdate(doc, {svHex}) differs";
                }
            }
            catch (Exception ex)
            {
                return "threw " + ex;
            }
        }

        failedAt = -1;
        return null;
    }
}
