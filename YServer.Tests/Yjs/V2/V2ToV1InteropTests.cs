using System.Text.Json;
using YServer.Lib0;
using YServer.Tests.Interop;
using YServer.Yjs;

namespace YServer.Tests.Yjs.V2;

/// <summary>Differential test against real yjs: <c>Interop/node/v2-convert-corpus.mjs</c> produces seeded
/// random sessions over every content type (text with formats and embeds, arrays of any values, maps,
/// subdocuments with options, xml) and what <c>Y.convertUpdateFormatV2ToV1</c> makes of each v2 update.</summary>
public class V2ToV1InteropTests
{
    [Test]
    public async Task ConvertV2ToV1_RandomYjsSessions_MatchYjsByteForByte()
    {
        await NodeEnvironment.RequireAsync();
        var seed = SeedFromEnvironment.Get(77);
        var run = await NodeEnvironment.RunScriptAsync(
            "v2-convert-corpus.mjs", [seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "60"], TimeSpan.FromMinutes(2));
        Assert.That(run.Succeeded, Is.True, run.Describe());
        var stdout = run.Stdout;
        var failures = new List<string>();
        var cases = 0;

        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            var name = root.GetProperty("name").GetString();
            var v2 = Convert.FromHexString(root.GetProperty("v2").GetString()!);
            cases++;
            if (root.TryGetProperty("error", out _))
            {
                try
                {
                    YUpdate.ConvertV2ToV1(v2);
                    failures.Add($"{name}: yjs throws, we converted");
                }
                catch (YProtocolException)
                {
                    // both reject
                }

                continue;
            }

            var expected = root.GetProperty("v1").GetString();
            try
            {
                var actual = Convert.ToHexStringLower(YUpdate.ConvertV2ToV1(v2));
                if (actual != expected)
                {
                    failures.Add($"{name}: v2 {Convert.ToHexStringLower(v2)}\n  expected {expected}\n  actual   {actual}");
                }
            }
            catch (YProtocolException e)
            {
                failures.Add($"{name}: v2 {Convert.ToHexStringLower(v2)} rejected: {e.Message}");
            }
        }

        Assert.That(failures, Is.Empty, $"seed {seed}, {cases} cases:\n" + string.Join('\n', failures.Take(10)));
        Assert.That(cases, Is.GreaterThan(100));
    }
}
