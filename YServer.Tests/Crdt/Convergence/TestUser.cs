using YServer.Crdt;

using YServer.Tests.Crdt.Invariants;

namespace YServer.Tests.Crdt.Convergence;

/// <summary>One simulated user of <see cref="TestConnector"/> (yjs <c>TestYInstance</c>): a document that
/// broadcasts its local updates and records every update it ever saw.</summary>
internal sealed class TestUser
{
    private readonly TestConnector _connector;
    private readonly Dictionary<TestUser, Queue<byte[]>> _receiving = [];

    public TestUser(TestConnector connector, YDoc doc)
    {
        _connector = connector;
        Doc = doc;
        doc.Update += (update, origin, _) =>
        {
            if (origin != _connector)
            {
                _connector.Broadcast(this, update);
            }

            Updates.Add(update);
        };
    }

    public YDoc Doc { get; }

    public bool Online { get; set; }

    public List<byte[]> Updates { get; } = [];

    public bool HasMessages => _receiving.Values.Any(q => q.Count > 0);

    public void Enqueue(TestUser from, byte[] update)
    {
        if (!_receiving.TryGetValue(from, out var queue))
        {
            queue = new Queue<byte[]>();
            _receiving.Add(from, queue);
        }

        queue.Enqueue(update);
    }

    public void ReceiveOne(Random rng)
    {
        var senders = _receiving.Where(kv => kv.Value.Count > 0).Select(kv => kv.Key).ToList();
        var queue = _receiving[senders[rng.Next(senders.Count)]];
        Doc.ApplyUpdate(queue.Dequeue(), _connector);
        if (DocInvariants.Check(Doc) is { } broken)
        {
            throw new InvalidOperationException($"invariant broken after a received update: {broken}");
        }
    }

    public void Disconnect()
    {
        Online = false;
        _receiving.Clear();
    }
}
