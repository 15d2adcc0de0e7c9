using CommandLine;
using CommandLine.Text;
using YServer.Lib0;
using YServer.Rooms;
using YServer.Storage;
using YServer.Storage.LiteDb;

namespace YServer.Hosting.Verbs;

/// <summary>
/// <c>yserver VERB …</c>: parses the verb with CommandLineParser, reads the same settings as the server (so
/// <c>--config</c>, <c>YSERVER_STORE</c> and appsettings.json pick the store too), opens the store (which locks it: a
/// store a running server holds is refused, never touched) and runs the verb. <c>serve</c> is the default verb and is
/// handled by <see cref="YServerHost"/>.
/// </summary>
internal static class VerbRunner
{
    /// <summary>Every verb, <c>serve</c> first (for <c>yserver help</c>).</summary>
    private static readonly Type[] VerbTypes =
        [typeof(CommandLineOptions), typeof(RoomsVerb), typeof(ExportVerb), typeof(ImportVerb), typeof(CompactVerb), typeof(CheckVerb), typeof(TokenVerb), typeof(RevokeVerb)];

    /// <summary>True when <paramref name="args"/> name a verb other than <c>serve</c> (or ask for verb help): the first
    /// word is not a flag.</summary>
    public static bool IsVerb(string[] args) => args.Length > 0 && !args[0].StartsWith('-') && args[0] != "serve";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Stream stdoutStream, bool interactive)
    {
        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = null;
            settings.AutoHelp = true;
            settings.AutoVersion = true;
            settings.CaseSensitive = true;
            settings.IgnoreUnknownArguments = false;
        });
        // CommandLineParser's own `help VERB` prints only the common switches; `VERB --help` prints the verb's options.
        if (args is ["help", var named, ..] && !named.StartsWith('-'))
        {
            args = [named, "--help"];
        }

        var result = parser.ParseArguments(args, VerbTypes);
        if (result is NotParsed<object> notParsed)
        {
            return Explain(notParsed, stdout, stderr);
        }

        var parsed = ((Parsed<object>)result).Value;
        if (parsed is StoreVerb storeVerb && storeVerb.CheckArguments() is { } problem)
        {
            return Arguments.Fail(stderr, problem).ExitCode;
        }

        if (parsed is IStorelessVerb { RunsWithoutStore: true } storeless)
        {
            return await storeless.RunWithoutStoreAsync(stdout, stderr, CancellationToken.None);
        }

        var verb = (StoreVerb)parsed;

        var storage = ReadStorageOptions(verb, stderr, out var documents, out var exitCode);
        if (storage is null)
        {
            return exitCode;
        }

        var folder = Path.GetFullPath(storage.Path);
        if (!verb.CreatesStore && !File.Exists(Path.Combine(folder, LiteDbEngine.DataFileName)))
        {
            await stderr.WriteLineAsync($"yserver: no store at {storage.Path} ({LiteDbEngine.DataFileName} not found)");
            return VerbExitCodes.Failed;
        }

        LiteDbUpdateStore store;
        try
        {
            store = new LiteDbUpdateStore(storage);
        }
        catch (StoreInUseException)
        {
            await stderr.WriteLineAsync(
                $"yserver: store {storage.Path} is in use by a running yserver; use the admin API (/api/..., with the admin token) or stop the server");
            return VerbExitCodes.StoreInUse;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            await stderr.WriteLineAsync($"yserver: cannot open store {storage.Path}: {ex.Message}");
            return VerbExitCodes.Failed;
        }

        await using (store)
        {
            var context = new VerbContext(store, storage, stdout, stderr, stdoutStream, interactive) { Documents = documents };
            try
            {
                return await verb.RunAsync(context, CancellationToken.None);
            }
            catch (UpdateStoreException ex)
            {
                // The inner exception says what LiteDB found (a truncated file, a page that is not what it should be).
                var cause = ex.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "";
                context.Fail($"store {storage.Path}: {ex.Message}{cause}; the database file is damaged beyond what 'check --repair' fixes: restore it from a backup");
                return VerbExitCodes.Failed;
            }
            catch (YProtocolException ex)
            {
                // export/compact merge the room's records: a broken one stops them before anything is written
                context.Fail($"the room's records in store {storage.Path} do not parse ({ex.Message}); 'yserver check' lists the broken records");
                return VerbExitCodes.Failed;
            }
        }
    }

    /// <summary>The store settings (and the document schema hints) from the same sources as the server (flags:
    /// <c>--store</c>).</summary>
    private static StorageOptions? ReadStorageOptions(StoreVerb verb, TextWriter stderr, out DocumentOptions documents, out int exitCode)
    {
        exitCode = VerbExitCodes.BadArguments;
        documents = new DocumentOptions();
        var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (verb.Store is { } store)
        {
            flags[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Path)}"] = store;
        }

        var builder = new ConfigurationBuilder();
        IConfiguration configuration;
        try
        {
            if (!SettingsSources.TryAdd(builder, verb.ConfigFile, flags, Directory.GetCurrentDirectory(), stderr))
            {
                return null;
            }

            configuration = builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            Arguments.Fail(stderr, $"cannot read settings: {ex.Message}");
            return null;
        }

        var errors = new List<string>();
        var storage = ConfigurationValidator.Check(configuration, StorageOptions.SectionName, errors, static section => section.Get<StorageOptions>());
        documents = ConfigurationValidator.Check(configuration, DocumentOptions.SectionName, errors, static section => section.Get<DocumentOptions>()) ?? documents;
        foreach (var error in errors)
        {
            Arguments.Fail(stderr, error);
        }

        exitCode = errors.Count == 0 ? VerbExitCodes.Ok : VerbExitCodes.BadArguments;
        return errors.Count == 0 ? storage : null;
    }

    private static int Explain(NotParsed<object> result, TextWriter stdout, TextWriter stderr)
    {
        var errors = result.Errors.ToList();
        if (errors.IsVersion())
        {
            stdout.WriteLine($"yserver {Arguments.Version}");
            return VerbExitCodes.Ok;
        }

        if (errors.IsHelp() || errors.Any(e => e.Tag is ErrorType.HelpVerbRequestedError))
        {
            // `yserver help` lists the verbs; `yserver help VERB` and `yserver VERB --help` describe one.
            var index = errors.Any(static e => e is NoVerbSelectedError or HelpVerbRequestedError { Matched: false });
            var help = HelpText.AutoBuild(result, h =>
            {
                h.Heading = $"yserver {Arguments.Version}";
                h.Copyright = "A Yjs WebSocket server, drop-in for @y/websocket-server. 'yserver VERB --help' describes a verb.";
                h.AddDashesToOption = true;
                h.AdditionalNewLineAfterOption = false;
                return h;
            }, e => e, verbsIndex: index);
            stdout.WriteLine(help);
            return VerbExitCodes.Ok;
        }

        var first = errors.FirstOrDefault(e => !e.StopsProcessing) ?? errors[0];
        return Arguments.Fail(stderr, SentenceBuilder.Create().FormatError(first)).ExitCode;
    }
}
