using YServer.Hosting;

namespace YServer.Tests.Hosting;

public sealed class CommandLineTests
{
    [Test]
    public void Help_PrintsEveryFlag_AndExitsZero()
    {
        var (result, stdout, _) = Parse("--help");

        Assert.That(result.ShouldRun, Is.False);
        Assert.That(result.ExitCode, Is.Zero);
        foreach (var flag in new[] { "--host", "--port", "--store", "--path-prefix", "--log-level", "--log-format", "--config", "--version" })
        {
            Assert.That(stdout, Does.Contain(flag));
        }
    }

    [Test]
    public void Version_PrintsTheVersion_AndExitsZero()
    {
        var (result, stdout, _) = Parse("--version");

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(stdout.Trim(), Does.Match(@"^yserver \d+\.\d+\.\d+$"));
    }

    [TestCase("--port")]
    [TestCase("--store")]
    [TestCase("--bogus")]
    [TestCase("positional")]
    public void BadArguments_OneLineOnStderr_Exit2(params string[] args)
    {
        var (result, stdout, stderr) = Parse(args);

        Assert.That(result.ShouldRun, Is.False);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.StartWith("yserver: "));
    }

    [Test]
    public void Flags_MapToConfigurationKeys()
    {
        var (result, _, _) = Parse("--host", "0.0.0.0", "--port", "0", "--store", "/tmp/x", "--path-prefix", "/yjs", "--log-level", "debug", "--log-format", "json");

        Assert.That(result.Options!.ToConfiguration(), Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["Server:Host"] = "0.0.0.0",
            ["Server:Port"] = "0",
            ["Storage:Path"] = "/tmp/x",
            ["Server:PathPrefix"] = "/yjs",
            ["Logging:Level"] = "debug",
            ["Logging:Format"] = "json",
        }));
    }

    private static (CommandLineResult Result, string Stdout, string Stderr) Parse(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var result = Arguments.Parse(args, stdout, stderr);
        return (result, stdout.ToString(), stderr.ToString());
    }
}
