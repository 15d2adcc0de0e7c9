using System.Net.WebSockets;
using YServer.Storage.LiteDb;
using YServer.Tests.Hosting;
using YServer.Tests.Support;

namespace YServer.Tests.Resilience;

/// <summary>A store whose records no longer load (a stored update that fails validation, a bit flipped in the file):
/// joining that room closes with 1011 and logs the room and the reason, other rooms keep working, <c>yserver check</c>
/// reports it and <c>check --repair</c> quarantines the bad records (kept, not deleted), after which the room loads
/// with its good records.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class CorruptStoreTests
{
    private static readonly byte[] Good1 = TextUpdates.Insert(1, "good one");
    private static readonly byte[] Good2 = TextUpdates.Insert(2, "good two");
    private static readonly byte[] Other = TextUpdates.Insert(7, "other room");

    // A length that runs past the end: what a torn or overwritten record looks like.
    private static readonly byte[] Unparsable = [0x01, 0x02, 0xC7, 0xFF, 0xFF];

    [Test]
    public async Task RecordThatNoLongerParses_Join1011AndLogsRoomAndReason_OtherRoomsWork_RepairQuarantines()
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("broken", [Good1, Unparsable, Good2]), ("fine", [Other]));

        await AssertBrokenRoomRefusedAsync(dir.Path, "broken", "sequence 2");
        var check = await YServerCli.RunAsync(dir.Path, ["check", "--store", dir.Path]);
        var repair = await YServerCli.RunAsync(dir.Path, ["check", "--repair", "--store", dir.Path]);
        var recheck = await YServerCli.RunAsync(dir.Path, ["check", "--store", dir.Path]);

        Assert.Multiple(() =>
        {
            Assert.That(check.ExitCode, Is.EqualTo(1), check.ToString());
            Assert.That(check.Stdout, Does.Contain("room 'broken' sequence 2 (record, 5 bytes)"));
            Assert.That(check.Stdout, Does.Contain("'yserver check --repair'"));
            Assert.That(repair.ExitCode, Is.Zero, repair.ToString());
            Assert.That(repair.Stdout, Does.Contain("repaired room 'broken': 1 record(s) moved to quarantine (sequence 2); 2 good record(s) left"));
            Assert.That(recheck.ExitCode, Is.Zero, recheck.ToString());
            Assert.That(recheck.Stdout.Trim(), Is.EqualTo("ok: 2 room(s), 3 record(s); 1 record chunk(s) in quarantine"));
        });
        await AssertRoomServesAsync(dir.Path, "broken", Good1, Good2);
    }

    [Test]
    public async Task BitFlippedInTheDatabaseFile_Join1011_CheckReportsIt_RepairQuarantines()
    {
        using var dir = new TestDirectory();
        var marked = TextUpdates.Insert(3, "MARKER-" + new string('m', 40));
        await FillAsync(dir.Path, ("flipped", [Good1, marked, Good2]), ("fine", [Other]));
        FlipLengthOf(Path.Combine(dir.Path, LiteDbEngine.DataFileName), marked);

        await AssertBrokenRoomRefusedAsync(dir.Path, "flipped", "sequence 2");
        var check = await YServerCli.RunAsync(dir.Path, ["check", "--store", dir.Path]);
        var repair = await YServerCli.RunAsync(dir.Path, ["check", "--repair", "--store", dir.Path]);

        Assert.Multiple(() =>
        {
            Assert.That(check.ExitCode, Is.EqualTo(1), check.ToString());
            Assert.That(check.Stdout, Does.Contain("room 'flipped' sequence 2 (record"));
            Assert.That(repair.ExitCode, Is.Zero, repair.ToString());
        });
        await AssertRoomServesAsync(dir.Path, "flipped", Good1, Good2);
    }

    [Test]
    public async Task TruncatedDatabaseFile_CheckExits1_WithLiteDbsReasonAndAdvice()
    {
        using var dir = new TestDirectory();
        for (var i = 0; i < 40; i++)
        {
            await FillAsync(dir.Path, ("room-" + i, [TextUpdates.Insert(1, 200)]));
        }

        var dataFile = Path.Combine(dir.Path, LiteDbEngine.DataFileName);
        using (var file = new FileStream(dataFile, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(file.Length / 2);
        }

        var check = await YServerCli.RunAsync(dir.Path, ["check", "--store", dir.Path]);

        Assert.That(check.ExitCode, Is.EqualTo(1), check.ToString());
        Assert.That(check.Stderr, Does.Contain("LiteException").And.Contains("restore it from a backup"));
    }

    private static async Task FillAsync(string path, params (string Room, byte[][] Updates)[] rooms)
    {
        // The store keeps whatever it is given; only clients' updates are validated (by the transport).
        await using var store = VerbTests.Open(path);
        foreach (var (room, updates) in rooms)
        {
            foreach (var update in updates)
            {
                await store.AppendAsync(room, update, CancellationToken.None).DefaultTimeout();
            }
        }
    }

    /// <summary>Finds the update in the (checkpointed) data file and sets its string length past the end, as a flipped
    /// high bit would.</summary>
    private static void FlipLengthOf(string dataFile, byte[] update)
    {
        var bytes = File.ReadAllBytes(dataFile);
        var at = bytes.AsSpan().IndexOf(update);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), "the update is stored contiguously in the data file");
        var lengthOffset = at + 8;
        Assert.That(bytes[lengthOffset], Is.EqualTo((byte)(update.Length - 10)), "the string length byte");
        using var file = new FileStream(dataFile, FileMode.Open, FileAccess.Write);
        file.Position = lengthOffset;
        file.WriteByte((byte)(bytes[lengthOffset] | 0x40));
    }

    private static async Task AssertBrokenRoomRefusedAsync(string storePath, string brokenRoom, string reasonFragment)
    {
        await using var server = await YServerFixture.StartAsync(storePath: storePath);

        await using var broken = await server.ConnectAsync(brokenRoom);
        var close = await broken.ReceiveCloseAsync();
        await using var fine = await server.ConnectAsync("fine");
        await fine.ReceiveStep1Async();
        await fine.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        var step2 = Wire.SyncPayload(await fine.ReceiveAsync(m => m[0] == 0 && m[1] == 1), 1);
        var logged = server.Logs.Events.Select(e => e.RenderMessage()).Where(m => m.Contains("could not be loaded", StringComparison.Ordinal)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(close, Is.EqualTo(WebSocketCloseStatus.InternalServerError));
            Assert.That(step2, Is.EqualTo(Other), "another room still loads and serves");
            Assert.That(logged, Has.Some.Contains(brokenRoom).And.Contains(reasonFragment), "the log names the room and the reason");
        });
    }

    private static async Task AssertRoomServesAsync(string storePath, string room, params byte[][] expected)
    {
        await using var server = await YServerFixture.StartAsync(storePath: storePath);
        await using var client = await server.ConnectAsync(room);
        await client.ReceiveStep1Async();
        await client.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        var step2 = Wire.SyncPayload(await client.ReceiveAsync(m => m[0] == 0 && m[1] == 1), 1);
        var vector = YServer.Yjs.StateVector.Decode(YServer.Yjs.YUpdate.EncodeStateVectorFromUpdate(step2));

        Assert.That(vector.Clocks.Keys.Order(), Is.EqualTo(Enumerable.Range(1, expected.Length).Select(i => (long)i)), "the good records load");
    }
}
