using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YServer.Tests.Interop;
using static YServer.Tests.Yjs.StraddleVectors;

namespace YServer.Tests.Yjs;

/// <summary>The <see cref="StraddleVectors"/> against real yjs 13.6.33 (<c>Interop/node/apply-sequence.mjs</c>): the
/// straddling updates break a client that applies them after the earlier ones, and what the server stores instead
/// (the cut) does not.</summary>
public class CoverageEdgeInteropTests
{
    [Test]
    public async Task Yjs_ThrowsOnStraddlingStructs_AndAppliesTheCutTheServerRelaysInstead()
    {
        await NodeEnvironment.RequireAsync();
        var input = new StringBuilder();
        foreach (var (name, updates) in new[]
                 {
                     ("prefix", new[] { Gc, PrefixStraddler }),
                     ("cut", [Gc, PrefixStraddlerCut]),
                     ("island", [Gc, Island, IslandStraddler]),
                 })
        {
            input.AppendLine(JsonSerializer.Serialize(new { name, updates }));
        }

        var result = await NodeEnvironment.RunScriptAsync("apply-sequence.mjs", [], TimeSpan.FromMinutes(1), input.ToString());
        Assert.That(result.Succeeded, Is.True, result.Describe());
        var outcomes = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .ToDictionary(o => (string)o["name"]!, o => ((int)o["threw"]!, (string?)o["error"]));

        Assert.Multiple(() =>
        {
            Assert.That(outcomes["prefix"], Is.EqualTo((1, (string?)"Cannot read properties of undefined (reading 'origin')")));
            Assert.That(outcomes["island"], Is.EqualTo((2, (string?)"Cannot read properties of undefined (reading 'origin')")));
            Assert.That(outcomes["cut"], Is.EqualTo((-1, (string?)null)));
        });
    }
}
