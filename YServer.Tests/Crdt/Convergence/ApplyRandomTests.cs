namespace YServer.Tests.Crdt.Convergence;

/// <summary>yjs's <c>applyRandomTests</c> method with five C# users (plan §8.1): random array and map edits by
/// random users, random message flushes, disconnects and reconnects; then every user must have converged
/// (<see cref="DocComparer"/>). Seeded; the seed is in every failure message.</summary>
public sealed class ApplyRandomTests
{
    private static IEnumerable<int> Seeds => Enumerable.Range(1, 12);

    [TestCaseSource(nameof(Seeds))]
    public void FiveUsers_RandomArrayAndMapEdits_Converge(int seed)
    {
        var rng = new Random(seed);
        var gc = seed % 3 != 0;
        var connector = new TestConnector(rng, users: 5, gc);
        for (var i = 0; i < 300; i++)
        {
            var roll = rng.NextDouble();
            if (roll < 0.02)
            {
                connector.DisconnectRandom();
            }
            else if (roll < 0.04)
            {
                connector.ReconnectRandom();
            }
            else if (roll < 0.05)
            {
                connector.FlushAllMessages();
            }
            else if (roll < 0.55)
            {
                connector.FlushRandomMessage();
            }

            var user = connector.Users[rng.Next(connector.Users.Count)];
            user.Doc.Transact(tr => RandomEdits.Apply(rng, tr));
        }

        DocComparer.AssertConverged(connector, $"seed {seed} (gc={gc})");
    }
}
