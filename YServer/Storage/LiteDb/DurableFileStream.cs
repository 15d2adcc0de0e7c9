namespace YServer.Storage.LiteDb;

/// <summary>
/// The file stream handed to LiteDB for the data file and for its write-ahead log. LiteDB calls <see cref="Flush"/>
/// where it means "make this durable" (after a checkpoint copied the log into the data file, when it creates or crops
/// a file), but its own durable-flush helper only fsyncs a bare <see cref="FileStream"/>, and streams we hand it are
/// wrapped; so <see cref="Flush"/> here is an fsync. <see cref="FlushToDisk"/> is what the writer calls after each
/// group commit, because LiteDB's commit writes the log pages and flushes nothing.
/// </summary>
/// <remarks>
/// The file is unbuffered (bufferSize 0): LiteDB writes whole 8 KiB pages anyway, so every write reaches the OS at
/// once, and fsync then only needs the OS handle, never the stream's position or buffer. That is why the writer
/// thread may fsync while the reader thread reads through LiteDB's lock on this stream.
/// <see cref="FileShare.None"/> keeps a second process (a second yserver on the same store) out.
/// </remarks>
internal sealed class DurableFileStream : Stream
{
    private readonly FileStream _file;
    private readonly bool _flushToDisk;

    private DurableFileStream(FileStream file, bool flushToDisk)
    {
        _file = file;
        _flushToDisk = flushToDisk;
    }

    public string Name => _file.Name;

    public bool IsClosed { get; private set; }

    public override bool CanRead => _file.CanRead;

    public override bool CanSeek => _file.CanSeek;

    public override bool CanWrite => _file.CanWrite;

    public override long Length => _file.Length;

    public override long Position
    {
        get => _file.Position;
        set => _file.Position = value;
    }

    public static DurableFileStream Open(string path, bool flushToDisk, FileOptions options) =>
        new(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, options), flushToDisk);

    /// <summary>fsync (unless durability was switched off in the options).</summary>
    public void FlushToDisk() => _file.Flush(_flushToDisk);

    public override void Flush() => FlushToDisk();

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _file.Read(buffer);

    public override void Write(byte[] buffer, int offset, int count) => _file.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _file.Write(buffer);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void SetLength(long value) => _file.SetLength(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            IsClosed = true;
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
