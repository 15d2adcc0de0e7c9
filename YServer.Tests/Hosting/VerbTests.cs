using YServer.Rooms;
using YServer.Storage;
using YServer.Storage.LiteDb;
using YServer.Tests.Support;
using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Hosting;

/// <summary>The offline verbs (<c>rooms</c>, <c>export</c>, <c>import</c>, <c>compact</c>, <c>check</c>) run as the real
/// executable against a store written with real yjs updates (the merge vectors).</summary>
public sealed class VerbTests
{
    private static readonly byte[][] BigLog = Updates("random-everything");
    private static readonly byte[][] SmallLog = Updates("three-clients-all-logs");

    [Test]
    public async Task Rooms_PrintsATableRowPerRoom_WithRecordsBytesAndLastSequence()
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("alpha", BigLog), ("beta", SmallLog));

        var result = await YServerCli.RunAsync(dir.Path, ["rooms", "--store", dir.Path]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines[0], Does.Match(@"^ROOM\s+RECORDS\s+BYTES\s+LAST SEQ\s+LAST UPDATE$"));
        Assert.That(lines[1], Does.Match($@"^alpha\s+{BigLog.Length}\s+{BigLog.Sum(u => u.Length)}\s+{BigLog.Length}\s+\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ$"));
        Assert.That(lines[2], Does.Match($@"^beta\s+{SmallLog.Length}\s+{SmallLog.Sum(u => u.Length)}\s+{SmallLog.Length}\s"));
        Assert.That(lines[3], Is.EqualTo("2 room(s)"));
    }

    [Test]
    public async Task Export_ToFile_WritesTheMergeOfTheRoomLog()
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("alpha", BigLog));
        var output = Path.Combine(dir.Path, "alpha.bin");

        var result = await YServerCli.RunAsync(dir.Path, ["export", "alpha", "--store", dir.Path, "-o", output]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(await File.ReadAllBytesAsync(output), Is.EqualTo(YUpdate.Merge([.. BigLog.Select(u => (ReadOnlyMemory<byte>)u)])));
        Assert.That(result.StdoutBytes, Is.Empty);
    }

    [TestCase("-")]
    [TestCase(null)]
    public async Task Export_ToStdout_WritesTheSameBytes(string? output)
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("alpha", BigLog));
        string[] args = output is null ? ["export", "alpha", "--store", dir.Path] : ["export", "alpha", "--store", dir.Path, "-o", output];

        var result = await YServerCli.RunAsync(dir.Path, args);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdoutBytes, Is.EqualTo(YUpdate.Merge([.. BigLog.Select(u => (ReadOnlyMemory<byte>)u)])));
    }

    [Test]
    public async Task Export_UnknownRoom_OneLineAndExit1()
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("alpha", SmallLog));

        var result = await YServerCli.RunAsync(dir.Path, ["export", "nope", "--store", dir.Path, "-o", "x.bin"]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr.Trim(), Is.EqualTo($"yserver: room 'nope' not found in store {dir.Path}"));
        Assert.That(File.Exists(Path.Combine(dir.Path, "x.bin")), Is.False);
    }

    [Test]
    public async Task ReadingVerb_WithoutAStore_SaysSoAndCreatesNothing()
    {
        using var dir = new TestDirectory();
        var store = Path.Combine(dir.Path, "missing");

        var result = await YServerCli.RunAsync(dir.Path, ["rooms", "--store", store]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("no store at"));
        Assert.That(Directory.Exists(store), Is.False);
    }

    [Test]
    public async Task Import_AppendsTheFileAsOneUpdate()
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("alpha", SmallLog));
        var file = Path.Combine(dir.Path, "in.bin");
        await File.WriteAllBytesAsync(file, BigLog[0]);

        var result = await YServerCli.RunAsync(dir.Path, ["import", "alpha", file, "--store", dir.Path]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var log = await LoadAsync(dir.Path, "alpha");
        Assert.That(log.Records, Has.Count.EqualTo(SmallLog.Length + 1));
        Assert.That(log.Records[^1].Update.ToArray(), Is.EqualTo(BigLog[0]));
        Assert.That(result.Stdout, Does.Contain($"as sequence {SmallLog.Length + 1}"));
    }

    [Test]
    public async Task Import_V2File_WithV2Flag_StoresItsV1Conversion()
    {
        using var dir = new TestDirectory();
        var vector = YjsVectors.All.Updates.First(v => v.Name == "text-insert-ascii");
        var file = Path.Combine(dir.Path, "in.v2");
        await File.WriteAllBytesAsync(file, Convert.FromHexString(vector.V2));

        var result = await YServerCli.RunAsync(dir.Path, ["import", "doc", file, "--v2", "--store", dir.Path]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var log = await LoadAsync(dir.Path, "doc");
        Assert.That(log.Records.Single().Update.ToArray(), Is.EqualTo(YUpdate.ConvertV2ToV1(Convert.FromHexString(vector.V2))));
    }

    [Test]
    public async Task Import_InvalidFile_Exit1_AndStoresNothing()
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("alpha", SmallLog));
        var file = Path.Combine(dir.Path, "in.bin");
        await File.WriteAllBytesAsync(file, [0x05, 0x01, 0xFF, 0x07]);

        var result = await YServerCli.RunAsync(dir.Path, ["import", "alpha", file, "--store", dir.Path]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("is not a valid Yjs v1 update"));
        Assert.That((await LoadAsync(dir.Path, "alpha")).Records, Has.Count.EqualTo(SmallLog.Length));
    }

    [Test]
    public async Task Compact_Room_LeavesOneSnapshot_WithTheSameState()
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("alpha", BigLog), ("beta", SmallLog));
        var before = RoomReplay.Merge((await LoadAsync(dir.Path, "alpha")).Records);

        var result = await YServerCli.RunAsync(dir.Path, ["compact", "alpha", "--no-gc", "--store", dir.Path]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var alpha = await LoadAsync(dir.Path, "alpha");
        Assert.That(alpha.Records.Single().IsSnapshot, Is.True);
        var expected = new YServer.Crdt.YDoc(new YServer.Crdt.DocOptions { Gc = false });
        expected.ApplyUpdate(before);
        Assert.That(alpha.Records.Single().Update.ToArray(), Is.EqualTo(expected.EncodeStateAsUpdate()), "the document a Y.Doc holding the log encodes");
        Assert.That(alpha.LastSequence, Is.EqualTo(BigLog.Length));
        Assert.That((await LoadAsync(dir.Path, "beta")).Records, Has.Count.EqualTo(SmallLog.Length), "other rooms untouched");
    }

    [Test]
    public async Task CompactAll_Redirected_PrintsAPlainProgressLinePerRoom()
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("alpha", BigLog), ("beta", SmallLog));

        var result = await YServerCli.RunAsync(dir.Path, ["compact", "--all", "--store", dir.Path]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Does.Not.Contain("\r"));
        Assert.That(result.Stderr, Does.Contain("compact 1/2: alpha").And.Contain("compact 2/2: beta"));
        Assert.That(result.Stdout, Does.Contain("compacted 2 of 2 room(s)"));
        Assert.That((await LoadAsync(dir.Path, "beta")).Records.Single().IsSnapshot, Is.True);
    }

    [TestCase("compact")]
    [TestCase("compact", "alpha", "--all")]
    [TestCase("export")]
    [TestCase("import", "alpha")]
    [TestCase("rooms", "--bogus")]
    [TestCase("frobnicate")]
    public async Task BadVerbArguments_OneLineAndExit2(params string[] args)
    {
        using var dir = new TestDirectory();

        var result = await YServerCli.RunAsync(dir.Path, [.. args, "--store", dir.Path]);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.StartWith("yserver: "));
    }

    [TestCase("help")]
    [TestCase("compact", "--help")]
    [TestCase("help", "export")]
    public async Task VerbHelp_PrintsUsage_AndExitsZero(params string[] args)
    {
        using var dir = new TestDirectory();

        var result = await YServerCli.RunAsync(dir.Path, args);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Contain(args[0] == "help" && args.Length == 1 ? "check" : "--store"));
    }

    [Test]
    public async Task Check_HealthyStore_Exit0()
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("alpha", BigLog), ("beta", SmallLog));

        var result = await YServerCli.RunAsync(dir.Path, ["check", "--store", dir.Path]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout.Trim(), Is.EqualTo($"ok: 2 room(s), {BigLog.Length + SmallLog.Length} record(s)"));
    }

    [Test]
    public async Task Check_CorruptRecord_Exit1_AndNamesRoomAndSequence()
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("alpha", BigLog), ("beta", SmallLog));
        await using (var store = Open(dir.Path))
        {
            // The store keeps whatever it is given; only clients' updates are validated (by the transport).
            await store.AppendAsync("beta", new byte[] { 0x01, 0x02, 0xC7, 0xFF, 0xFF }, CancellationToken.None);
        }

        var result = await YServerCli.RunAsync(dir.Path, ["check", "--store", dir.Path]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stdout, Does.Contain($"room 'beta' sequence {SmallLog.Length + 1} (record, 5 bytes):"));
        Assert.That(result.Stdout, Does.Not.Contain("room 'alpha'"));
        Assert.That(result.Stdout, Does.Contain("CORRUPT: 1 problem(s) in 2 room(s)"));
    }

    [Test]
    public async Task Export_RoomWithACorruptRecord_Exit1_PointsAtCheck()
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("beta", [.. SmallLog, [0x01, 0x02, 0xC7, 0xFF, 0xFF]]));

        var result = await YServerCli.RunAsync(dir.Path, ["export", "beta", "--store", dir.Path, "-o", "x.bin"]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("'yserver check'"));
        Assert.That(File.Exists(Path.Combine(dir.Path, "x.bin")), Is.False);
    }

    [Test]
    public async Task Verb_OnAStoreARunningServerHolds_RefusesWithExit3_AndLeavesItAlone()
    {
        using var dir = new TestDirectory();
        await FillAsync(dir.Path, ("alpha", SmallLog));
        var (server, _) = await ServerProcess.StartListeningAsync(dir.Path, "--store", dir.Path);
        await using (server)
        {
            var result = await YServerCli.RunAsync(dir.Path, ["compact", "--all", "--store", dir.Path]);

            Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
            Assert.That(result.Stderr.Trim(), Does.StartWith($"yserver: store {dir.Path} is in use by a running yserver; use the admin API"));
            Assert.That(result.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
            await server.SignalAsync("TERM");
            Assert.That(await server.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.Zero);
        }

        Assert.That((await LoadAsync(dir.Path, "alpha")).Records, Has.Count.EqualTo(SmallLog.Length));
    }

    internal static byte[][] Updates(string mergeVector) =>
        [.. YjsVectors.All.Merge.First(v => v.Name == mergeVector).Inputs.Select(Convert.FromHexString)];

    internal static LiteDbUpdateStore Open(string path) => new(new StorageOptions { Path = path, FlushToDisk = false });

    internal static async Task FillAsync(string path, params (string Room, byte[][] Updates)[] rooms)
    {
        await using var store = Open(path);
        foreach (var (room, updates) in rooms)
        {
            foreach (var update in updates)
            {
                await store.AppendAsync(room, update, CancellationToken.None);
            }
        }
    }

    internal static async Task<RoomLog> LoadAsync(string path, string room)
    {
        await using var store = Open(path);
        return await store.LoadAsync(room, CancellationToken.None);
    }
}
