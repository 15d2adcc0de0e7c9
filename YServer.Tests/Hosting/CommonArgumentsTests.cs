using CommandLine;
using YServer.Hosting;

namespace YServer.Tests.Hosting;

/// <summary>The fast path for plain <c>--flag value</c> command lines must read every flag exactly as CommandLineParser
/// does, and leave everything else to it.</summary>
public sealed class CommonArgumentsTests
{
    private static IEnumerable<string> ValueFlags() =>
        typeof(CommandLineOptions).GetProperties()
            .Where(p => p.PropertyType == typeof(string))
            .Select(p => p.GetCustomAttributes(typeof(OptionAttribute), inherit: false).OfType<OptionAttribute>().FirstOrDefault())
            .Where(o => o is not null)
            .Select(o => o!.LongName);

    [TestCaseSource(nameof(ValueFlags))]
    public void EveryValueFlag_ReadsAsCommandLineParserReadsIt(string flag)
    {
        string[] args = ["--" + flag, "some value", "--store", "/tmp/store"];
        if (flag == "store")
        {
            args = ["--store", "some value"];
        }

        var fast = CommonArguments.TryParse(args);

        Assert.That(fast, Is.Not.Null, $"--{flag} is not read by the fast path");
        Assert.That(fast!.ToConfiguration(), Is.EquivalentTo(ParseWithCommandLineParser(args).ToConfiguration()));
    }

    [Test]
    public void NoArguments_AreTheDefaults()
    {
        Assert.That(CommonArguments.TryParse([])!.ToConfiguration(), Is.Empty);
    }

    [TestCase("--help")]
    [TestCase("--version")]
    [TestCase("--no-metrics")]
    [TestCase("--port", "1", "--no-metrics")]
    [TestCase("--port=1234")]
    [TestCase("--port=1234", "--store=x")]
    [TestCase("--port")]
    [TestCase("--store", "--port", "1", "x")]
    [TestCase("--port", "-1")]
    [TestCase("--port", "")]
    [TestCase("--port", "1", "--port", "2")]
    [TestCase("--Port", "1")]
    [TestCase("--bogus", "1")]
    [TestCase("-p", "1")]
    [TestCase("positional", "word")]
    public void AnythingElse_IsLeftToCommandLineParser(params string[] args)
    {
        Assert.That(CommonArguments.TryParse(args), Is.Null);
    }

    private static CommandLineOptions ParseWithCommandLineParser(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var result = Arguments.Parse(args, stdout, stderr);
        Assert.That(result.Options, Is.Not.Null, stderr.ToString());
        return result.Options!;
    }
}
