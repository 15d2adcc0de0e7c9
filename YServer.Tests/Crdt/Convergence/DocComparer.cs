using System.Text;
using YServer.Crdt;
using YServer.Tests.Crdt.Oracle;

namespace YServer.Tests.Crdt.Convergence;

/// <summary>yjs's <c>compare(users)</c>: content, state vector, delete set and the struct store's shape (classes,
/// IDs, lengths, deleted flags, origins, parent keys, neighbours) must be equal for every user, and equal for a
/// document rebuilt from the merge of each user's recorded updates. Nothing may stay pending.</summary>
internal static class DocComparer
{
    public static void AssertConverged(TestConnector connector, string context)
    {
        connector.ReconnectAll();
        connector.FlushAllMessages();
        var users = connector.Users;
        var reference = Describe(users[0].Doc);
        foreach (var user in users)
        {
            Assert.That(user.Doc.HasPending, Is.False, context);
            Assert.That(Describe(user.Doc), Is.EqualTo(reference), context);
            var rebuilt = new YDoc(new DocOptions { Gc = user.Doc.Options.Gc });
            rebuilt.ApplyUpdate(YServer.Yjs.YUpdate.Merge(user.Updates.Select(u => new ReadOnlyMemory<byte>(u)).ToList()));
            Assert.That(CoreContent.Of(rebuilt), Is.EqualTo(CoreContent.Of(user.Doc)), context + " (rebuilt from merged updates)");
            Assert.That(rebuilt.EncodeStateVector(), Is.EqualTo(user.Doc.EncodeStateVector()), context);
        }
    }

    /// <summary>Content, state vector, delete set and struct store as text. Adjacent GC runs are shown coalesced:
    /// yjs squashes them only around the clocks a transaction touched, so their fragmentation depends on how
    /// the updates were batched (a user who got creation and deletion in one sync message squashes more).</summary>
    public static string Describe(YDoc doc)
    {
        var text = new StringBuilder();
        text.AppendLine(CoreContent.Of(doc));
        text.AppendLine(Convert.ToHexStringLower(doc.EncodeStateVector()));
        var ds = DeleteSet.FromStructStore(doc.Store);
        foreach (var client in ds.Clients.Keys.Order())
        {
            text.Append("ds ").Append(client).Append(':').AppendJoin(',', ds.Clients[client].Select(d => $"{d.Clock}+{d.Length}")).AppendLine();
        }

        foreach (var client in doc.Store.Clients.Keys.Order())
        {
            var structs = doc.Store.Clients[client];
            for (var i = 0; i < structs.Count; i++)
            {
                var s = structs[i];
                if (s is GcStruct)
                {
                    var end = s.EndClock;
                    while (i + 1 < structs.Count && structs[i + 1] is GcStruct)
                    {
                        end = structs[++i].EndClock;
                    }

                    text.Append("GC ").Append(s.Id).Append(" to ").Append(end).AppendLine();
                    continue;
                }

                text.Append(s.GetType().Name).Append(' ').Append(s.Id).Append(" len=").Append(s.Length).Append(" del=").Append(s.Deleted);
                if (s is Item item)
                {
                    text.Append(" o=").Append(item.Origin).Append(" ro=").Append(item.RightOrigin).Append(" ps=").Append(item.ParentSub)
                        .Append(" left=").Append(item.Left?.LastId).Append(" right=").Append(item.Right?.Id)
                        .Append(' ').Append(item.Content.GetType().Name);
                    Assert.That(item.Left is null || item.Left.Right == item, "left.right == this");
                    Assert.That(item.Right is null || item.Right.Left == item, "right.left == this");
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }
}
