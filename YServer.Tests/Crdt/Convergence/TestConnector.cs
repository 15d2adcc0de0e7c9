using YServer.Crdt;

namespace YServer.Tests.Crdt.Convergence;

/// <summary>yjs's test network (<c>tests/testHelper.js</c>), ported: users broadcast every update they make to
/// the users online, messages wait in per-pair queues until flushed in random order, and users go offline and
/// come back (syncing by state vector on reconnect).</summary>
internal sealed class TestConnector
{
    private readonly List<TestUser> _users = [];

    public TestConnector(Random rng, int users, bool gc)
    {
        Rng = rng;
        for (var i = 0; i < users; i++)
        {
            _users.Add(new TestUser(this, new YDoc(new DocOptions { Gc = gc, ClientId = (uint)i })));
        }

        foreach (var user in _users)
        {
            Connect(user);
        }
    }

    public Random Rng { get; }

    public IReadOnlyList<TestUser> Users => _users;

    public void Broadcast(TestUser from, byte[] update)
    {
        foreach (var user in _users)
        {
            if (user != from && user.Online && from.Online)
            {
                user.Enqueue(from, update);
            }
        }
    }

    public bool FlushRandomMessage()
    {
        var candidates = _users.Where(u => u.HasMessages).ToList();
        if (candidates.Count == 0)
        {
            return false;
        }

        var receiver = candidates[Rng.Next(candidates.Count)];
        receiver.ReceiveOne(Rng);
        return true;
    }

    public void FlushAllMessages()
    {
        while (FlushRandomMessage())
        {
        }
    }

    public void DisconnectRandom()
    {
        var online = _users.Where(u => u.Online).ToList();
        if (online.Count > 0)
        {
            online[Rng.Next(online.Count)].Disconnect();
        }
    }

    public void ReconnectRandom()
    {
        var offline = _users.Where(u => !u.Online).ToList();
        if (offline.Count > 0)
        {
            Connect(offline[Rng.Next(offline.Count)]);
        }
    }

    public void ReconnectAll()
    {
        foreach (var user in _users.Where(u => !u.Online).ToList())
        {
            Connect(user);
        }
    }

    private void Connect(TestUser user)
    {
        user.Online = true;
        foreach (var other in _users)
        {
            if (other != user && other.Online)
            {
                // sync step 1 and 2 both ways, queued like every other message
                user.Enqueue(other, other.Doc.EncodeStateAsUpdate(user.Doc.EncodeStateVector()));
                other.Enqueue(user, user.Doc.EncodeStateAsUpdate(other.Doc.EncodeStateVector()));
            }
        }
    }
}
