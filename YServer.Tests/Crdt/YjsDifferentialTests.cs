using System.Globalization;
using YServer.Tests.Crdt.Oracle;
using YServer.Tests.Interop;

namespace YServer.Tests.Crdt;

/// <summary>The C# document against real yjs 13.6.33 (plan §8.2): seeded sessions of 2–5 yjs users editing text,
/// arrays, maps, XML and nested types (with undo), whose updates reach both a yjs mirror doc and a C# doc in the
/// same shuffled, duplicated, merged or diff-cut order; after every message the two must agree on
/// encodeStateAsUpdate bytes, state vector, pending status and content. <c>YSERVER_CRDT_SEEDS</c> sets the seed
/// count (default 200), <c>YSERVER_CRDT_SEED</c> the base seed.</summary>
[TestFixture]
[NonParallelizable]
public sealed class YjsDifferentialTests
{
    private const int Steps = 300;

    /// <summary>Oracle processes (and replay threads): one per core, at most two, so the default run stays short
    /// on a small CI machine.</summary>
    private static readonly int Workers = Math.Clamp(Environment.ProcessorCount, 1, 2);

    private readonly List<CrdtOracle> _oracles = [];

    [OneTimeSetUp]
    public async Task StartOracleAsync()
    {
        await NodeEnvironment.RequireAsync();
        for (var i = 0; i < Workers; i++)
        {
            _oracles.Add(new CrdtOracle());
        }
    }

    [OneTimeTearDown]
    public async Task StopOracleAsync()
    {
        foreach (var oracle in _oracles)
        {
            await oracle.DisposeAsync();
        }
    }

    [Test]
    public async Task RandomSessions_MatchYjsAfterEveryMessage()
    {
        var seeds = EnvInt("YSERVER_CRDT_SEEDS", 200);
        var baseSeed = (uint)EnvInt("YSERVER_CRDT_SEED", 20261126);
        var failures = new List<string>();
        var messages = 0;
        var done = 0;
        var workers = _oracles.Select((oracle, w) => Task.Run(async () =>
        {
            Task<IReadOnlyList<OracleMessage>>? next = null;
            for (var i = w; i < seeds; i += _oracles.Count)
            {
                var seed = baseSeed + (uint)i;
                var gc = i % 4 != 3;
                var session = await (next ?? oracle.RunAsync(seed, Steps, gc));
                var following = i + _oracles.Count;
                next = following < seeds ? oracle.RunAsync(baseSeed + (uint)following, Steps, following % 4 != 3) : null;
                var failure = SessionReplay.Run(session, gc, out var failedAt);
                lock (failures)
                {
                    messages += session.Count;
                    done++;
                    if (failure is not null)
                    {
                        failures.Add($"seed {seed} (gc={gc}) message {failedAt}/{session.Count}: {failure}");
                    }

                    if (done % 100 == 0)
                    {
                        TestContext.Progress.WriteLine($"crdt differential: {done}/{seeds} seeds, {messages} messages, {failures.Count} failing");
                    }

                    if (failures.Count >= 5)
                    {
                        break;
                    }
                }
            }

            if (next is not null)
            {
                await next;
            }
        })).ToList();
        await Task.WhenAll(workers);

        TestContext.Out.WriteLine($"{done} seeds x {Steps} steps, {messages} messages compared, {failures.Count} failing seeds");
        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures) + Environment.NewLine +
            "Reproduce one seed: YSERVER_CRDT_SEEDS=1 YSERVER_CRDT_SEED=<seed> dotnet test --filter YjsDifferentialTests");
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
