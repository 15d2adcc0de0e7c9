using System.Text.Json.Nodes;
using YServer.Crdt;
using YServer.Tests.Interop;

using YServer.Tests.Crdt.Invariants;

namespace YServer.Tests.Crdt.Types;

/// <summary>
/// YText and the XML types against real yjs 13.6.33. Node users make random rich-text (formats, embeds, embedded
/// types, deltas) and XML edits; the C# doc and a Node mirror doc receive the same updates in the same order, and
/// after every batch the two must agree byte for byte (<c>encodeStateAsUpdate</c>, state vector) and on every
/// rendering (<c>toDelta</c>, <c>toString</c>, <c>toJSON</c>). In the converging variant the C# doc also makes
/// random local edits that the Node users receive and build on.
/// Seeds: <c>YSERVER_CRDT_TEXT_SEEDS</c> (default 8) from <c>YSERVER_TEST_SEED</c> (default 1).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TextDifferentialTests
{
    private const int Rounds = 25;
    private const int StepsPerRound = 8;
    private TextOracle? _oracle;
    private int _nextSession;

    private static IEnumerable<int> Seeds()
    {
        var first = int.TryParse(Environment.GetEnvironmentVariable("YSERVER_TEST_SEED"), out var s) ? s : 1;
        var count = int.TryParse(Environment.GetEnvironmentVariable("YSERVER_CRDT_TEXT_SEEDS"), out var c) ? c : 8;
        return Enumerable.Range(first, count);
    }

    [OneTimeSetUp]
    public async Task StartOracleAsync()
    {
        await NodeEnvironment.RequireAsync();
        _oracle = new TextOracle();
    }

    [OneTimeTearDown]
    public async Task StopOracleAsync()
    {
        if (_oracle is not null)
        {
            await _oracle.DisposeAsync();
        }
    }

    [TestCaseSource(nameof(Seeds))]
    public Task RemoteRichTextAndXmlEdits_RenderAndEncodeExactlyAsYjs(int seed) => RunAsync(seed, localEdits: false);

    [TestCaseSource(nameof(Seeds))]
    public Task LocalServerEdits_ConvergeWithYjsPeersByteForByte(int seed) => RunAsync(seed, localEdits: true);

    /// <summary>The C# doc and a long-lived yjs twin with the same client ID receive the same remote updates
    /// and make the same edits: every update must be byte-identical. This pins the local algorithms (positions
    /// next to tombstones, search markers, format minimisation, negation, cleanup of redundant markers, prelim
    /// XML nodes) to yjs's decisions, surrogate-pair splits included.</summary>
    [TestCaseSource(nameof(Seeds))]
    public async Task LocalServerEdits_ProduceTheSameUpdateBytesAsYjs(int seed)
    {
        var oracle = _oracle!;
        var session = ++_nextSession;
        var clientId = (uint)(900 + seed);
        await oracle.OpenAsync(session, seed * 104729, users: 2);
        await oracle.TwinOpenAsync(session, clientId);
        var doc = NewDoc(clientId);
        var editor = new RandomTextEditor(seed, splitSurrogates: true);
        var outgoing = new List<byte[]>();
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                var (updates, _) = await oracle.StepAsync(session, StepsPerRound, outgoing);
                outgoing.Clear();
                foreach (var update in updates)
                {
                    doc.ApplyUpdate(update, origin: "node");
                    Assert.That(DocInvariants.Check(doc), Is.Null, $"seed {seed}, round {round}: invariants after a remote update");
                }

                await oracle.TwinApplyAsync(session, updates);
                for (var i = 0; i < 3; i++)
                {
                    var edit = editor.Edit(doc);
                    if (edit is null)
                    {
                        continue;
                    }

                    var (expected, twin) = await oracle.TwinEditAsync(session, edit);
                    var where = $"seed {seed}, round {round}, edit {edit.ToJsonString()}";
                    Assert.That(
                        editor.LastUpdate is null ? null : Convert.ToHexStringLower(editor.LastUpdate),
                        Is.EqualTo(expected is null ? null : Convert.ToHexStringLower(expected)),
                        $"update bytes ({where})");
                    AssertSameAsMirror(doc, twin, where);
                    if (editor.LastUpdate is not null)
                    {
                        outgoing.Add(editor.LastUpdate);
                    }
                }
            }
        }
        finally
        {
            await oracle.CloseAsync(session);
        }
    }

    private async Task RunAsync(int seed, bool localEdits)
    {
        var oracle = _oracle!;
        var session = ++_nextSession;
        await oracle.OpenAsync(session, seed * 7919, users: 3);
        var doc = NewDoc((uint)(5 + seed));
        var editor = new RandomTextEditor(seed);
        var outgoing = new List<byte[]>();
        doc.Update += (update, origin, _) =>
        {
            if (origin is null)
            {
                outgoing.Add(update);
            }
        };
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                if (localEdits)
                {
                    for (var i = 0; i < 3; i++)
                    {
                        editor.Edit(doc);
                    }
                }

                var (updates, mirror) = await oracle.StepAsync(session, StepsPerRound, outgoing);
                outgoing.Clear();
                foreach (var update in updates)
                {
                    doc.ApplyUpdate(update, origin: "node");
                    Assert.That(DocInvariants.Check(doc), Is.Null, $"seed {seed}, round {round}: invariants after a remote update");
                }

                AssertSameAsMirror(doc, mirror, $"seed {seed}, round {round}");
            }
        }
        finally
        {
            await oracle.CloseAsync(session);
        }
    }

    /// <summary>A doc with its roots typed up front, like the Node mirror. (Typing a root later starts it with fresh
    /// search markers and no formatting flag, in yjs as here, which changes later local decisions.)</summary>
    private static YDoc NewDoc(uint clientId)
    {
        var doc = new YDoc(new DocOptions { ClientId = clientId });
        doc.GetText("text");
        doc.GetXmlFragment("xml");
        return doc;
    }

    internal static void AssertSameAsMirror(YDoc doc, JsonObject mirror, string where)
    {
        var roots = mirror["roots"]!.AsObject();
        var text = doc.GetText("text");
        var xml = doc.GetXmlFragment("xml");
        var delta = TextDeltaOp.ToJsonArray(text.ToDelta());
        Assert.Multiple(() =>
        {
            Assert.That(JsonCompare.Canonical(delta), Is.EqualTo(JsonCompare.Canonical(roots["text"]!["delta"])), $"text delta ({where})");
            Assert.That(text.ToString(), Is.EqualTo(roots["text"]!["json"]!.GetValue<string>()), $"text toString ({where})");
            Assert.That(xml.ToString(), Is.EqualTo(roots["xml"]!["xml"]!.GetValue<string>()), $"xml toString ({where})");
            Assert.That(Convert.ToHexStringLower(doc.EncodeStateVector()), Is.EqualTo(mirror["sv"]!.GetValue<string>()), $"state vector ({where})");
            Assert.That(Convert.ToHexStringLower(doc.EncodeStateAsUpdate()), Is.EqualTo(mirror["state"]!.GetValue<string>()), $"encodeStateAsUpdate ({where})");
        });
    }
}
