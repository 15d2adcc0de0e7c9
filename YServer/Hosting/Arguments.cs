using CommandLine;
using CommandLine.Text;

namespace YServer.Hosting;

/// <summary>Parses the command line with CommandLineParser. <c>--help</c> and <c>--version</c> print to stdout and exit 0;
/// anything wrong prints one line to stderr and exits 2.</summary>
internal static class Arguments
{
    public const int ExitBadArguments = 2;

    public static CommandLineResult Parse(string[] args, TextWriter stdout, TextWriter stderr)
    {
        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = null;
            settings.AutoHelp = true;
            settings.AutoVersion = true;
            settings.CaseSensitive = true;
            settings.IgnoreUnknownArguments = false;
        });
        var result = parser.ParseArguments<CommandLineOptions>(args);
        if (result is Parsed<CommandLineOptions> parsed)
        {
            if (parsed.Value.Unexpected.FirstOrDefault() is { } extra)
            {
                return Fail(stderr, $"unexpected argument '{extra}'");
            }

            return MissingValue(parsed.Value, args) is { } flag
                ? Fail(stderr, $"option '--{flag}' needs a value")
                : new CommandLineResult(parsed.Value, 0);
        }

        var errors = ((NotParsed<CommandLineOptions>)result).Errors.ToList();
        if (errors.IsVersion())
        {
            stdout.WriteLine($"yserver {Version}");
            return new CommandLineResult(null, 0);
        }

        if (errors.IsHelp())
        {
            var help = HelpText.AutoBuild(result, h =>
            {
                h.Heading = $"yserver {Version}";
                h.Copyright = "A Yjs WebSocket server, drop-in for @y/websocket-server.";
                h.AddDashesToOption = true;
                h.AdditionalNewLineAfterOption = false;
                h.AddPostOptionsLine("Other verbs: rooms, export, import, compact, check, token, revoke ('yserver help' lists them, 'yserver help VERB' describes one).");
                return h;
            }, e => e);
            stdout.WriteLine(help);
            return new CommandLineResult(null, 0);
        }

        var sentences = SentenceBuilder.Create();
        var first = errors.FirstOrDefault(e => !e.StopsProcessing) ?? errors[0];
        return Fail(stderr, sentences.FormatError(first));
    }

    /// <summary>CommandLineParser accepts a string flag given without its value (as null); that is an error here.</summary>
    private static string? MissingValue(CommandLineOptions options, string[] args)
    {
        foreach (var property in typeof(CommandLineOptions).GetProperties())
        {
            if (property.GetCustomAttributes(typeof(OptionAttribute), inherit: false) is [OptionAttribute option, ..]
                && property.GetValue(options) is null
                && Array.IndexOf(args, "--" + option.LongName) >= 0)
            {
                return option.LongName;
            }
        }

        return null;
    }

    public static CommandLineResult Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"yserver: {message.TrimEnd('.')}. Try --help.");
        return new CommandLineResult(null, ExitBadArguments);
    }

    public static string Version =>
        typeof(Arguments).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
