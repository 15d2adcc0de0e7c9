using YServer.Rooms;
using YServer.Storage;

namespace YServer.Hosting.Verbs;

/// <summary>What a verb works with: the open store and its settings, and where to write. Results go to
/// <see cref="Out"/>; messages and progress to <see cref="Error"/> (so <c>export -o -</c> keeps stdout clean).</summary>
internal sealed class VerbContext(IUpdateStore store, StorageOptions storage, TextWriter stdout, TextWriter stderr, Stream stdoutStream, bool interactive)
{
    public IUpdateStore Store { get; } = store;

    public StorageOptions Storage { get; } = storage;

    /// <summary>Schema hints per room (<c>Documents:Schemas</c>), for exports of document content.</summary>
    public DocumentOptions Documents { get; init; } = new();

    /// <summary>The store folder as given (for messages).</summary>
    public string StorePath => Storage.Path;

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    /// <summary>Raw standard output, for binary results.</summary>
    public Stream OutStream { get; } = stdoutStream;

    /// <summary>Progress display for <paramref name="total"/> steps: an updating line on a terminal, plain lines
    /// otherwise.</summary>
    public VerbProgress Progress(string activity, int total) => new(Error, interactive, activity, total);

    /// <summary>Writes one line to stderr as <c>yserver: message</c>.</summary>
    public void Fail(string message) => Error.WriteLine($"yserver: {message}");
}
