using System.Text.Json;

namespace YServer.Auth;

/// <summary>
/// The revocation list, persisted as <c>revocations.json</c> in the store folder. A JSON file rather than a LiteDB
/// collection: the list is small and rarely written, an operator can read (and in an emergency edit) it with any tool
/// while the server is stopped, and the update store's interface and file format stay about documents only. Every
/// change rewrites the whole file atomically (write a temporary file, fsync, rename over the old one), so a crash leaves
/// the old list or the new one, never half of one.
/// </summary>
internal sealed class RevocationStore
{
    public const string FileName = "revocations.json";

    private readonly string _path;
    private readonly Lock _lock = new();
    private RevocationIndex _index;

    public RevocationStore(string storeFolder)
    {
        Directory.CreateDirectory(storeFolder);
        _path = Path.Combine(storeFolder, FileName);
        _index = new RevocationIndex(Read(_path));
    }

    /// <summary>A snapshot; never modified after it is published.</summary>
    public IReadOnlyList<Revocation> Entries => Volatile.Read(ref _index).Entries;

    public bool IsRevoked(string? tokenId, string? subject, DateTimeOffset? issuedAt) =>
        Volatile.Read(ref _index).IsRevoked(tokenId, subject, issuedAt);

    /// <summary>Adds an entry and writes the file before returning (the revocation survives a crash from then on).
    /// Entries whose tokens have all expired by <paramref name="now"/> are dropped in the same write.</summary>
    public void Add(Revocation revocation, DateTimeOffset now, TimeSpan clockSkew)
    {
        lock (_lock)
        {
            Publish([.. Unexpired(_index.Entries, now, clockSkew), revocation]);
        }
    }

    /// <summary>Drops the entries whose tokens have all expired (rewriting the file when any did); returns how many.</summary>
    public int PruneObsolete(DateTimeOffset now, TimeSpan clockSkew)
    {
        lock (_lock)
        {
            var current = _index.Entries;
            var kept = Unexpired(current, now, clockSkew);
            if (kept.Length == current.Length)
            {
                return 0;
            }

            Publish(kept);
            return current.Length - kept.Length;
        }
    }

    private static Revocation[] Unexpired(Revocation[] entries, DateTimeOffset now, TimeSpan clockSkew) =>
        Array.FindAll(entries, entry => !entry.IsObsolete(now, clockSkew));

    private void Publish(Revocation[] entries)
    {
        Write(_path, entries);
        Volatile.Write(ref _index, new RevocationIndex(entries));
    }

    private static Revocation[] Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), RevocationJsonContext.Default.RevocationArray) ?? [];
        }
        catch (JsonException ex)
        {
            // Refusing to start is safer than forgetting revocations.
            throw new InvalidDataException($"{path} is not a valid revocation list: {ex.Message}", ex);
        }
    }

    private static void Write(string path, Revocation[] entries)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, entries, RevocationJsonContext.Default.RevocationArray);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        // The rename itself is durable only once the folder is flushed.
        Storage.LiteDb.DirectorySync.Flush(Path.GetDirectoryName(path)!);
    }
}
