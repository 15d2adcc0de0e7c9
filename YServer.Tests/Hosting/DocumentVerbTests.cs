using System.Text.Json.Nodes;
using YServer.Tests.Crdt.Regressions;
using YServer.Tests.Support;
using YServer.Tests.Yjs;

namespace YServer.Tests.Hosting;

/// <summary><c>yserver export --format json|delta|xml</c> and the pending-structs line of <c>yserver check</c>, as the real
/// executable on a store.</summary>
public sealed class DocumentVerbTests
{
    [Test]
    public async Task ExportJson_WritesTheContentApiShape()
    {
        using var dir = new TestDirectory();
        await VerbTests.FillAsync(dir.Path, ("notes", [Wire.Hello, Wire.World]));

        var result = await YServerCli.RunAsync(dir.Path, ["export", "notes", "--format", "json", "--types", "t:Text", "--store", dir.Path]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.That(json["room"]!.GetValue<string>(), Is.EqualTo("notes"));
        Assert.That(json["roots"]!["t"]!.ToJsonString(), Is.EqualTo("""{"kind":"Text","inferred":false,"value":"hello world"}"""));
    }

    [Test]
    public async Task ExportDelta_ToFile()
    {
        using var dir = new TestDirectory();
        await VerbTests.FillAsync(dir.Path, ("notes", [Wire.Hello]));
        var output = Path.Combine(dir.Path, "notes.json");

        var result = await YServerCli.RunAsync(dir.Path, ["export", "notes", "--format", "delta", "--types", "t:Text", "--store", dir.Path, "-o", output]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var json = JsonNode.Parse(await File.ReadAllTextAsync(output))!;
        Assert.That(json["format"]!.GetValue<string>(), Is.EqualTo("delta"));
        Assert.That(json["roots"]!["t"]!["value"]!.ToJsonString(), Is.EqualTo("""[{"insert":"hello"}]"""));
    }

    [TestCase("--format", "yaml", "--format: unknown format 'yaml'")]
    [TestCase("--types", "t:Paragraph", "--types: 'Paragraph' in 't:Paragraph' is not a root kind")]
    public async Task Export_BadFormatOrTypes_OneLineAndExit2(string option, string value, string message)
    {
        using var dir = new TestDirectory();
        await VerbTests.FillAsync(dir.Path, ("notes", [Wire.Hello]));

        var result = await YServerCli.RunAsync(dir.Path, ["export", "notes", option, value, "--store", dir.Path]);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain(message));
    }

    [Test]
    public async Task Check_RoomStuckWithPendingStructs_IsAFailedLine()
    {
        using var dir = new TestDirectory();
        // World continues Hello (origin (1,4)), which the log lacks: a document replaying it keeps World pending.
        await VerbTests.FillAsync(dir.Path, ("complete", [Wire.Hello, Wire.World]), ("stuck", [Wire.World]));

        var result = await YServerCli.RunAsync(dir.Path, ["check", "--store", dir.Path]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stdout, Does.Contain("room 'stuck': document stuck with 1 pending structs"));
        Assert.That(result.Stdout, Does.Not.Contain("room 'complete'"));
    }

    [Test]
    public async Task Check_RecordYjsRejects_IsABrokenRecord_ExportSkipsIt()
    {
        using var dir = new TestDirectory();
        // The live-fuzz record (seed 1592594996): yjs throws on it and leaves the doc as it was.
        await VerbTests.FillAsync(dir.Path, ("fuzzed", [Convert.FromHexString(OwnClockReferenceTests.Base), Convert.FromHexString(OwnClockReferenceTests.FuzzedRecord)]));

        var check = await YServerCli.RunAsync(dir.Path, ["check", "--store", dir.Path]);
        var export = await YServerCli.RunAsync(dir.Path, ["export", "fuzzed", "--format", "json", "--types", "t:Text", "--store", dir.Path]);

        Assert.Multiple(() =>
        {
            // Stored before the strict reader learned to reject it: now check names it (and --repair can quarantine it).
            Assert.That(check.ExitCode, Is.EqualTo(1), check.ToString());
            Assert.That(check.Stdout, Does.Contain("room 'fuzzed' sequence 2 (record, 44 bytes): InvalidOrigin"));
            Assert.That(export.ExitCode, Is.Zero, export.ToString());
            Assert.That(JsonNode.Parse(export.Stdout)!["roots"]!.ToJsonString(), Does.Contain("0123456789abcdefghij"));
            Assert.That(export.Stderr, Does.Contain("sequence 2 does not integrate"));
        });
    }

    [Test]
    public async Task Check_RecordStraddlingTheClocksBeforeIt_IsABrokenRecord_RepairQuarantinesIt()
    {
        using var dir = new TestDirectory();
        // Stored by a server before it cut such updates (million-frame live fuzz): yjs clients threw on the relay.
        await VerbTests.FillAsync(dir.Path, ("straddle", [Convert.FromHexString(StraddleVectors.Gc), Convert.FromHexString(StraddleVectors.PrefixStraddler)]));

        var check = await YServerCli.RunAsync(dir.Path, ["check", "--store", dir.Path]);
        var repair = await YServerCli.RunAsync(dir.Path, ["check", "--repair", "--store", dir.Path]);

        Assert.Multiple(() =>
        {
            Assert.That(check.ExitCode, Is.EqualTo(1), check.ToString());
            Assert.That(check.Stdout, Does.Contain("room 'straddle' sequence 2 (record, 19 bytes): OverlappingStructs"));
            Assert.That(repair.ExitCode, Is.Zero, repair.ToString());
            // Exit 0 after --repair: the room re-checked clean without the record.
            Assert.That(repair.Stdout, Does.Contain("repaired room 'straddle': 1 record(s) moved to quarantine (sequence 2); 1 good record(s) left"));
        });
    }
}
