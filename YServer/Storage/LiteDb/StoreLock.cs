namespace YServer.Storage.LiteDb;

/// <summary>
/// <c>yserver.lock</c>, held open with <see cref="FileShare.None"/> (an exclusive <c>flock</c> on Unix, a share lock on
/// Windows) for as long as the store is open, so a second process (another server, or a verb such as
/// <c>yserver compact</c>) finds out before it touches anything.
/// </summary>
/// <remarks>
/// The data files are locked the same way, but not for the whole lifetime: the vacuum closes and reopens them, and
/// opening the engine removes leftover <c>.vacuum</c> files, which must never happen under a running server's feet.
/// The lock is released by the OS when the process dies, so a crash leaves no stale lock behind; the file itself stays.
/// </remarks>
internal sealed class StoreLock : IDisposable
{
    public const string FileName = "yserver.lock";

    private readonly FileStream _file;

    private StoreLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of the store in <paramref name="folder"/> (which must exist).</summary>
    /// <exception cref="StoreInUseException">Another process holds it.</exception>
    public static StoreLock Acquire(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            return new StoreLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
        }
        catch (IOException ex) when (IsSharingViolation(ex))
        {
            throw new StoreInUseException($"The store {folder} is in use by another process.", ex) { StorePath = folder };
        }
    }

    public void Dispose() => _file.Dispose();

    // Windows: ERROR_SHARING_VIOLATION (32) / ERROR_LOCK_VIOLATION (33). Unix: .NET reports the failed
    // flock(LOCK_EX | LOCK_NB) with the errno as HResult, EWOULDBLOCK (11 on Linux, 35 on macOS/BSD).
    private static bool IsSharingViolation(IOException ex) =>
        ex is not FileNotFoundException and not DirectoryNotFoundException
        && (OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33 : ex.HResult is 11 or 35);
}
