using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using LiteDB;

namespace YServer.Storage.LiteDb;

/// <summary>
/// The LiteDB engine: one database file (<c>yserver.db</c>, plus LiteDB's write-ahead log <c>yserver-log.db</c>)
/// with one collection, <c>updates</c>, keyed by <see cref="RecordKey"/>.
/// </summary>
/// <remarks>
/// <para>Threads: every write method runs on the <see cref="StoreWriter"/> thread, every read method on the
/// <see cref="StoreReader"/> thread. LiteDB 5 is safe for that (one writer, concurrent readers on snapshots; a
/// transaction belongs to the thread that began it, which is why each side keeps its own thread). Reads hold
/// <see cref="_gate"/>; the writer takes it only to swap the database (reopen after a failure, vacuum).</para>
/// <para>Durability: LiteDB's commit appends the transaction's pages to the log file and flushes nothing. The writer
/// fsyncs the log after every commit (<see cref="DurableFileStream.FlushToDisk"/>) before anything is acknowledged.
/// A reader may see a commit before its fsync finished; <see cref="_durableSequence"/> hides such records so that a
/// load never hands out an update that a power loss could still take back.</para>
/// </remarks>
internal sealed class LiteDbEngine : IStoreEngine
{
    public const string DataFileName = "yserver.db";

    /// <summary>LiteDB's own name for the log of <c>yserver.db</c>, so LiteDB tools opening the file find it.</summary>
    public const string LogFileName = "yserver-log.db";

    /// <summary>Documents stay well below LiteDB's ~16 MB document limit; larger updates are split.</summary>
    internal const int ChunkBytes = 1024 * 1024;

    private const string CollectionName = "updates";

    /// <summary>Where <c>yserver check --repair</c> moves records that no longer load: kept, never deleted, for a
    /// human (or a later fix) to look at.</summary>
    public const string QuarantineCollectionName = "quarantine";
    private const string VacuumSuffix = ".vacuum";
    private const int MaxCachedRooms = 100_000;
    private static readonly TimeSpan ReopenInterval = TimeSpan.FromSeconds(1);

    private readonly string _folder;
    private readonly string _dataPath;
    private readonly string _logPath;
    private readonly StorageOptions _options;
    private readonly StoreStatistics _statistics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly StoreLock _lock;

    // Writer thread only: each touched room's counters, loaded from its metadata document on first use.
    private readonly Dictionary<string, RoomMeta> _rooms = new(StringComparer.Ordinal);

    // Writer thread only: reused by every group commit (the rooms it touched, the documents it inserts).
    private readonly List<RoomMeta> _touched = [];
    private readonly List<BsonDocument> _documents = [];

    // Highest sequence per room that is known durable; readers never return records above it.
    private readonly ConcurrentDictionary<string, long> _durableSequence = new(StringComparer.Ordinal);

    private OpenDatabase? _current;

    // Set by a read that found the database closed under it (LiteDB closes itself on a data-file error or an I/O
    // error, whichever thread hit it); the writer reopens it before its next write.
    private OpenDatabase? _closedUnderReader;
    private long _lastReopenAttempt;

    // Set when a write failed (disk full, I/O error) and cleared by the next write that succeeds, the writer's own
    // probe included: reopening a database on a full disk succeeds, so an open database alone does not mean writable.
    private volatile bool _writeFailing;
    private long _lastProbe;

    // Writer thread only: live data as the rooms' metadata counts it (null until first needed), for the vacuum.
    private LiveTotals? _totals;
    private long _lastVacuumCheck;
    private long _lastVacuumResultBytes;

    public LiteDbEngine(StorageOptions options, StoreStatistics statistics, ILogger logger, TimeProvider time)
    {
        _options = options;
        _statistics = statistics;
        _logger = logger;
        _time = time;
        _folder = System.IO.Path.GetFullPath(options.Path);
        _dataPath = System.IO.Path.Combine(_folder, DataFileName);
        _logPath = System.IO.Path.Combine(_folder, LogFileName);

        var started = _time.GetTimestamp();
        Directory.CreateDirectory(_folder);
        _lock = StoreLock.Acquire(_folder);
        try
        {
            RemoveStaleFiles();
            _current = OpenDatabase.Open(_dataPath, _logPath, options.FlushToDisk);
        }
        catch
        {
            _lock.Dispose();
            throw;
        }

        var elapsed = _time.GetElapsedTime(started);
        Log.StoreOpened(_logger, _dataPath, _current.FileBytes, elapsed.TotalMilliseconds);
    }

    public bool IsHealthy => !_writeFailing && Volatile.Read(ref _current) is { } db && !ReferenceEquals(db, Volatile.Read(ref _closedUnderReader));

    /// <summary>The last write failed and no write succeeded since (the writer probes until one does).</summary>
    public bool IsWriteFailing => _writeFailing;

    public string DataPath => _dataPath;

    /// <summary>Bytes of the data file plus its log.</summary>
    public long FileBytes => Volatile.Read(ref _current)?.FileBytes ?? 0;

    public void CommitAppends(IReadOnlyList<PendingAppend> batch)
    {
        var db = EnsureOpen();
        var ticks = _time.GetUtcNow().UtcTicks;
        var touched = _touched;
        var documents = _documents;
        touched.Clear();
        documents.Clear();
        try
        {
            db.Database.BeginTrans();
            for (var i = 0; i < batch.Count; i++)
            {
                var append = batch[i];
                var meta = GetMeta(db, append.Room);
                if (!meta.Touched)
                {
                    meta.Touched = true;
                    touched.Add(meta);
                }

                var sequence = ++meta.LastSequence;
                AddRecordDocuments(documents, meta.Prefix, sequence, ticks, append.Update, isSnapshot: false);
                meta.RecordCount++;
                meta.Bytes += append.Update.Length;
                meta.LastTicks = ticks;
                append.Sequence = sequence;
            }

            // One insert call for the whole batch: LiteDB then finds the collection, its snapshot and its free pages once.
            db.Updates.Insert(documents);

            // The metadata document is a checkpoint, not a mirror: the records after its sequence are counted when the
            // room is next read from disk, so it is rewritten only when new or when that tail grows long.
            foreach (var meta in touched)
            {
                if (meta.NeedsCheckpoint)
                {
                    db.Updates.Upsert(meta.ToDocument());
                }
            }

            db.Database.Commit();
            FlushLog(db);
        }
        catch (Exception ex)
        {
            foreach (var meta in touched)
            {
                _rooms.Remove(meta.Room);
            }

            documents.Clear();
            touched.Clear();
            Abandon(db, ex);
            throw;
        }

        foreach (var meta in touched)
        {
            meta.Touched = false;
            RaiseDurable(meta.Room, meta.LastSequence);
        }

        if (_totals is { } totals)
        {
            foreach (var append in batch)
            {
                totals.Add(append.Update.Length, 1, append.Room);
            }
        }

        // Not kept alive until the next commit: they hold the updates' bytes.
        documents.Clear();
        touched.Clear();
    }

    public void Compact(string room, long upToSequence, ReadOnlyMemory<byte> snapshot)
    {
        var db = EnsureOpen();
        var started = _time.GetTimestamp();
        var meta = GetMeta(db, room);
        if (upToSequence > meta.LastSequence)
        {
            StoreGuard.ThrowSequenceOutOfRange(upToSequence);
        }

        var ids = new List<BsonValue>();
        var replaced = 0;
        long replacedBytes = 0;
        long lastSequence = 0;
        long lastTicks = 0;
        var nothingToCompact = false;
        try
        {
            db.Database.BeginTrans();
            var range = KeyRange.Between(RecordKey.Create(meta.Prefix, 1, 0), RecordKey.Create(meta.Prefix, upToSequence, uint.MaxValue));
            foreach (var doc in db.Updates.Find(range))
            {
                var key = doc["_id"].AsBinary;
                ids.Add(doc["_id"]);
                if (!RecordKey.TryParse(key, out _, out var sequence, out var chunk))
                {
                    throw new UpdateStoreException($"Room '{room}' holds a record with a malformed key.");
                }

                if (chunk == 0)
                {
                    replaced++;
                    replacedBytes += RecordLength(doc);
                    lastSequence = sequence;
                    lastTicks = doc["ts"].AsInt64;
                }
            }

            if (replaced == 0)
            {
                db.Database.Rollback();
                nothingToCompact = true;
                return;
            }

            foreach (var id in ids)
            {
                db.Updates.Delete(id);
            }

            // The snapshot takes the place (sequence, time) of the last record it replaces, so the log stays ordered
            // and the kept records after it keep their numbers.
            var documents = new List<BsonDocument>();
            AddRecordDocuments(documents, meta.Prefix, lastSequence, lastTicks, snapshot, isSnapshot: true);
            db.Updates.Insert(documents);
            meta.RecordCount += 1 - replaced;
            meta.Bytes += snapshot.Length - replacedBytes;
            CommitWithMeta(db, meta);
        }
        catch (Exception ex)
        {
            ForgetAndAbandon(db, room, ex);
            throw;
        }
        finally
        {
            if (nothingToCompact)
            {
                StoreGuard.ThrowNothingToCompact(upToSequence);
            }
        }

        _totals?.Add(snapshot.Length - replacedBytes, 1 - replaced, room);
        _statistics.RecordCompaction();
        var elapsed = _time.GetElapsedTime(started);
        Log.RoomCompacted(_logger, room, replaced, lastSequence, snapshot.Length, elapsed.TotalMilliseconds);
    }

    public void DeleteRoom(string room)
    {
        var db = EnsureOpen();
        var meta = GetMeta(db, room);
        if (meta.RecordCount == 0 && !meta.Stored)
        {
            return;
        }

        int deleted;
        var (bytesBefore, recordsBefore) = (meta.Bytes, meta.RecordCount);
        try
        {
            db.Database.BeginTrans();
            deleted = db.Updates.DeleteMany(KeyRange.Between(RecordKey.Create(meta.Prefix, 1, 0), RecordKey.AfterRoom(meta.Prefix)));

            // The metadata document stays, with the counter: sequence numbers are never reused. The root kinds go with
            // the content they described.
            meta.RootKinds = null;
            meta.RecordCount = 0;
            meta.Bytes = 0;
            meta.LastTicks = _time.GetUtcNow().UtcTicks;
            CommitWithMeta(db, meta);
        }
        catch (Exception ex)
        {
            ForgetAndAbandon(db, room, ex);
            throw;
        }

        _totals?.Add(-bytesBefore, -recordsBefore, room);
        Log.RoomDeleted(_logger, room, deleted);
    }

    /// <summary>Merges <paramref name="kinds"/> into the room's metadata document (see
    /// <see cref="IUpdateStore.SaveRootKindsAsync"/>); writes nothing when every kind is already stored.</summary>
    public void SaveRootKinds(string room, IReadOnlyDictionary<string, string> kinds)
    {
        var db = EnsureOpen();
        var meta = GetMeta(db, room);
        var merged = meta.RootKinds is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(meta.RootKinds, StringComparer.Ordinal);
        var changed = false;
        foreach (var (root, kind) in kinds)
        {
            if (!merged.TryGetValue(root, out var stored) || stored != kind)
            {
                merged[root] = kind;
                changed = true;
            }
        }

        if (!changed)
        {
            return;
        }

        try
        {
            db.Database.BeginTrans();
            meta.RootKinds = merged;
            CommitWithMeta(db, meta);
        }
        catch (Exception ex)
        {
            // Forgetting the room's counters drops the unsaved kinds with them: they are read back from disk next time.
            ForgetAndAbandon(db, room, ex);
            throw;
        }
    }

    /// <summary>
    /// Moves the records with the given sequence numbers (every chunk of each) of <paramref name="room"/> into the
    /// <see cref="QuarantineCollectionName"/> collection, in one transaction, each with the room name, the reason and
    /// the time; the room's counters shrink accordingly. Returns how many records moved.
    /// </summary>
    public int Quarantine(string room, IReadOnlyCollection<long> sequences, string reason)
    {
        var db = EnsureOpen();
        var meta = GetMeta(db, room);
        var ticks = _time.GetUtcNow().UtcTicks;
        var moved = 0;
        long bytes = 0;
        try
        {
            db.Database.BeginTrans();
            var quarantine = db.Database.GetCollection(QuarantineCollectionName);
            foreach (var sequence in sequences)
            {
                if (sequence < 1)
                {
                    continue;
                }

                var range = KeyRange.Between(RecordKey.Create(meta.Prefix, sequence, 0), RecordKey.Create(meta.Prefix, sequence, uint.MaxValue));
                var docs = db.Updates.Find(range).ToList();
                if (docs.Count == 0)
                {
                    continue;
                }

                foreach (var doc in docs)
                {
                    var copy = new BsonDocument();
                    foreach (var field in doc)
                    {
                        copy[field.Key == "_id" ? "key" : field.Key] = field.Value;
                    }

                    copy["room"] = room;
                    copy["seq"] = sequence;
                    copy["reason"] = reason;
                    copy["at"] = ticks;
                    quarantine.Insert(copy);
                    db.Updates.Delete(doc["_id"]);
                }

                moved++;
                bytes += RecordLength(docs[0]);
            }

            meta.RecordCount -= moved;
            meta.Bytes -= bytes;
            CommitWithMeta(db, meta);
        }
        catch (Exception ex)
        {
            ForgetAndAbandon(db, room, ex);
            throw;
        }

        _totals?.Add(-bytes, -moved, room);
        Log.RecordsQuarantined(_logger, room, moved, reason);
        return moved;
    }

    /// <summary>How many documents (record chunks) the quarantine holds.</summary>
    public int CountQuarantined()
    {
        lock (_gate)
        {
            var db = Volatile.Read(ref _current) ?? throw Unavailable();
            return db.Database.CollectionExists(QuarantineCollectionName)
                ? Attempt(db, () => db.Database.GetCollection(QuarantineCollectionName).Count())
                : 0;
        }
    }

    public void Maintain()
    {
        var db = Volatile.Read(ref _current);
        if (db is not null && ReferenceEquals(db, Volatile.Read(ref _closedUnderReader)))
        {
            Abandon(db, new UpdateStoreException("A read found the database closed."));
            db = Volatile.Read(ref _current);
        }

        db ??= TryReopen();
        if (db is null)
        {
            return;
        }

        if (_writeFailing && !TryProbeWrite(db))
        {
            return;
        }

        // Idle: every commit so far is durable, so both caches can be dropped (they reload from disk) before they
        // grow with every room ever written.
        if (_rooms.Count > MaxCachedRooms)
        {
            _rooms.Clear();
            _durableSequence.Clear();
        }

        if (_options.VacuumMinFileBytes <= 0)
        {
            return;
        }

        var now = _time.GetTimestamp();
        if (_lastVacuumCheck != 0 && _time.GetElapsedTime(_lastVacuumCheck, now) < _options.VacuumCheckInterval)
        {
            return;
        }

        _lastVacuumCheck = now;
        if (IsVacuumDue(db, out var live))
        {
            Vacuum(db, live);
        }
    }

    /// <summary>
    /// LiteDB reuses freed pages (its empty-page list and per-collection free lists) but never shrinks the data
    /// file: after a big room is deleted or compacted down, the space stays allocated. Worth a rewrite when the file
    /// is mostly free space, it is big enough to matter, it has at least doubled since the last rewrite (so a poor
    /// estimate cannot make it loop), and the copy is small enough not to stall writes for long.
    /// </summary>
    /// <remarks>The file-size conditions come first: they cost nothing, while the first estimate of the live data
    /// scans every room's metadata on the writer thread, which stalls every append behind it (with 1,000 rooms that
    /// was 0.25–1.8 s at the first idle moment after startup, on a file far below the minimum size).</remarks>
    private bool IsVacuumDue(OpenDatabase db, out long live)
    {
        live = 0;
        var fileBytes = db.Data.Length;
        if (fileBytes < _options.VacuumMinFileBytes || fileBytes < 2 * _lastVacuumResultBytes)
        {
            return false;
        }

        live = (_totals ??= LiveTotals.Scan(db.Updates)).EstimatedBytes;
        return fileBytes > _options.VacuumFileToLiveRatio * live
            && live <= _options.VacuumMaxLiveBytes;
    }

    /// <summary>Rewrites the database now, whatever its free space (tests, maintenance tools).</summary>
    internal void VacuumNow()
    {
        var db = EnsureOpen();
        Vacuum(db, (_totals ??= LiveTotals.Scan(db.Updates)).EstimatedBytes);
    }

    /// <summary>
    /// Copies every document into a fresh file and renames it over <c>yserver.db</c>. Runs on the writer thread, so
    /// no write happens meanwhile; readers keep reading the old file until the swap.
    /// </summary>
    /// <remarks>
    /// Crash safety: until the rename the old file is complete (its log was checkpointed into it and truncated to
    /// zero durably, so no stale log can ever be replayed onto the new file); the new file is complete and fsynced
    /// before the rename; rename is atomic, and the directory is fsynced before any further write is acknowledged. A
    /// leftover <c>.vacuum</c> file is deleted at the next open.
    /// </remarks>
    private void Vacuum(OpenDatabase db, long live)
    {
        var started = _time.GetTimestamp();
        var before = db.Data.Length;
        Log.VacuumStarted(_logger, _dataPath, before, live);
        var tempData = _dataPath + VacuumSuffix;
        var tempLog = _logPath + VacuumSuffix;
        RemoveStaleFiles();
        try
        {
            using (var fresh = OpenDatabase.Open(tempData, tempLog, _options.FlushToDisk))
            {
                CopyDocuments(db.Updates, fresh.Updates, fresh);
                if (db.Database.CollectionExists(QuarantineCollectionName))
                {
                    CopyDocuments(db.Database.GetCollection(QuarantineCollectionName), fresh.Database.GetCollection(QuarantineCollectionName), fresh);
                }

                fresh.Database.Checkpoint();
            }

            if (File.Exists(tempLog))
            {
                throw new IOException("The rewritten database kept a non-empty log.");
            }
        }
        catch (Exception ex) when (ex is IOException or LiteException or UnauthorizedAccessException)
        {
            Log.VacuumFailed(_logger, _dataPath, ex);
            TryDelete(tempData);
            TryDelete(tempLog);
            return;
        }

        lock (_gate)
        {
            _current = null;
            try
            {
                // Closing checkpoints the old log into the old file and truncates it (fsynced), so nothing of it can
                // be replayed onto the new file.
                db.Dispose();
                if (File.Exists(_logPath) && new FileInfo(_logPath).Length > 0)
                {
                    throw new IOException("The old database kept a non-empty log; the rewrite is abandoned.");
                }

                File.Move(tempData, _dataPath, overwrite: true);
                DirectorySync.Flush(_folder);
            }
            catch (Exception ex) when (ex is IOException or LiteException or UnauthorizedAccessException)
            {
                Log.VacuumFailed(_logger, _dataPath, ex);
                TryDelete(tempData);
            }
            finally
            {
                try
                {
                    _current = OpenDatabase.Open(_dataPath, _logPath, _options.FlushToDisk);
                }
                catch (Exception ex) when (ex is IOException or LiteException or UnauthorizedAccessException)
                {
                    Log.ReopenFailed(_logger, _dataPath, ex);
                }
            }
        }

        _rooms.Clear();
        _totals = null;
        var after = FileBytes;
        _lastVacuumResultBytes = after;
        _statistics.RecordVacuum();
        var elapsed = _time.GetElapsedTime(started);
        Log.VacuumCompleted(_logger, _dataPath, before, after, elapsed.TotalMilliseconds);
    }

    private static void CopyDocuments(ILiteCollection<BsonDocument> source, ILiteCollection<BsonDocument> destination, OpenDatabase target)
    {
        const long TransactionBytes = 16L * 1024 * 1024;
        long pending = 0;
        target.Database.BeginTrans();
        foreach (var doc in source.Find(Query.All()))
        {
            destination.Insert(doc);
            pending += doc.TryGetValue("d", out var data) ? data.AsBinary.Length : 64;
            if (pending >= TransactionBytes)
            {
                target.Database.Commit();
                target.Database.BeginTrans();
                pending = 0;
            }
        }

        target.Database.Commit();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Removed at the next open.
        }
    }

    public RoomLog Load(string room)
    {
        var prefix = RecordKey.Prefix(room);
        var records = new List<StoredUpdate>();
        long lastSequence = 0;
        long totalBytes = 0;
        Dictionary<string, string>? rootKinds = null;
        lock (_gate)
        {
            var db = Volatile.Read(ref _current) ?? throw Unavailable();
            var range = KeyRange.Between(RecordKey.Create(prefix, 0, 0), RecordKey.AfterRoom(prefix));
            var pending = new ChunkedRecord();
            foreach (var doc in Guarded(db, db.Updates.Find(range)))
            {
                if (!RecordKey.TryParse(doc["_id"].AsBinary, out _, out var sequence, out var chunk))
                {
                    throw Corrupt(room, "malformed key");
                }

                if (sequence == 0)
                {
                    lastSequence = Math.Max(lastSequence, doc["seq"].AsInt64);
                    rootKinds = RoomMeta.ReadRootKinds(doc);
                    continue;
                }

                // The metadata document may predate the newest records (it is a checkpoint, see CommitAppends).
                lastSequence = Math.Max(lastSequence, sequence);
                if (chunk == 0)
                {
                    if (pending.IsOpen)
                    {
                        throw Corrupt(room, $"record {pending.Sequence} lacks chunks");
                    }

                    var data = doc["d"].AsBinary;
                    var ticks = doc["ts"].AsInt64;
                    var isSnapshot = doc.TryGetValue("s", out var s) && s.AsBoolean;
                    var chunkCount = doc.TryGetValue("n", out var n) ? n.AsInt32 : 1;
                    if (chunkCount <= 1)
                    {
                        records.Add(new StoredUpdate(sequence, new DateTimeOffset(ticks, TimeSpan.Zero), data, isSnapshot));
                        totalBytes += data.Length;
                        continue;
                    }

                    pending.Start(sequence, ticks, isSnapshot, chunkCount, doc["len"].AsInt64, data);
                }
                else if (!pending.IsOpen || pending.Sequence != sequence || pending.NextChunk != chunk)
                {
                    throw Corrupt(room, $"unexpected chunk {chunk} of record {sequence}");
                }
                else
                {
                    pending.Append(doc["d"].AsBinary);
                }

                if (pending.IsComplete)
                {
                    var record = pending.Finish() ?? throw Corrupt(room, $"record {sequence} has the wrong length");
                    records.Add(record);
                    totalBytes += record.Update.Length;
                }
            }

            if (pending.IsOpen)
            {
                throw Corrupt(room, $"record {pending.Sequence} lacks chunks");
            }
        }

        // Read after the query: if the query saw a commit of this room, the writer registered the room's watermark
        // before that commit, so an absent watermark means nothing non-durable can be in what was read.
        if (_durableSequence.TryGetValue(room, out var durable))
        {
            // Committed but not yet flushed to disk by the writer: not ours to hand out yet.
            while (records.Count > 0 && records[^1].Sequence > durable)
            {
                totalBytes -= records[^1].Update.Length;
                records.RemoveAt(records.Count - 1);
            }

            lastSequence = Math.Min(lastSequence, durable);
        }

        var log = new RoomLog(room, records, lastSequence, totalBytes);
        return rootKinds is null ? log : log with { RootKinds = rootKinds };
    }

    public IReadOnlyList<StoredRoomInfo> ListRooms()
    {
        var rooms = new List<StoredRoomInfo>();
        lock (_gate)
        {
            var db = Volatile.Read(ref _current) ?? throw Unavailable();

            // Skip-scan: the first key of every room is its metadata document (sequence 0), so one index seek per
            // room finds it; only the records after its checkpoint (at most RoomMeta.CheckpointEvery) are read.
            var cursor = new BsonValue(Array.Empty<byte>());
            while (Guarded(db, db.Updates.Find(KeyRange.After(cursor), limit: 1)).FirstOrDefault() is { } doc)
            {
                var key = doc["_id"].AsBinary;
                if (!RecordKey.TryParse(key, out var prefixLength, out var sequence, out _))
                {
                    throw new UpdateStoreException("The store holds a record with a malformed key.");
                }

                var prefix = RecordKey.PrefixOf(key, prefixLength);
                cursor = new BsonValue(RecordKey.AfterRoom(prefix));
                if (sequence != 0)
                {
                    Log.CorruptRoom(_logger, RecordKey.Room(key, prefixLength), "no metadata document");
                    continue;
                }

                var meta = Attempt(db, () => RoomMeta.FromDocument(RecordKey.Room(key, prefixLength), prefix, doc).CountTail(db.Updates));
                if (meta.RecordCount > 0)
                {
                    rooms.Add(new StoredRoomInfo(
                        meta.Room, meta.RecordCount, meta.Bytes, meta.LastSequence, new DateTimeOffset(meta.LastTicks, TimeSpan.Zero)));
                }
            }
        }

        rooms.Sort(static (a, b) => string.CompareOrdinal(a.Room, b.Room));
        return rooms;
    }

    public void Dispose()
    {
        OpenDatabase? db;
        lock (_gate)
        {
            db = _current;
            _current = null;
        }

        try
        {
            db?.Dispose();
        }
        finally
        {
            _lock.Dispose();
        }

        Log.StoreClosed(_logger, _dataPath);
    }

    /// <summary>Test hook: runs before each post-commit fsync; throwing from it simulates a failing disk.</summary>
    internal Action? BeforeFlush { get; set; }

    /// <summary>Ends a transaction that changed <paramref name="meta"/>'s room: writes its counters with the rest, commits
    /// and makes it durable.</summary>
    private void CommitWithMeta(OpenDatabase db, RoomMeta meta)
    {
        db.Updates.Upsert(meta.ToDocument());
        db.Database.Commit();
        FlushLog(db);
    }

    /// <summary>After a failed transaction on <paramref name="room"/>: its cached counters may be ahead of the disk, so they
    /// are forgotten (read back next time), and the store gives up as after any failed write.</summary>
    private void ForgetAndAbandon(OpenDatabase db, string room, Exception failure)
    {
        _rooms.Remove(room);
        Abandon(db, failure);
    }

    private void FlushLog(OpenDatabase db)
    {
        BeforeFlush?.Invoke();
        db.Log.FlushToDisk();
        if (_writeFailing)
        {
            _writeFailing = false;
            Log.StoreWritable(_logger, _dataPath);
        }
    }

    /// <summary>
    /// While writes fail, the idle writer checks every <see cref="ReopenInterval"/> whether the disk takes a write
    /// again (space freed, device back), so that /readyz recovers by itself, without waiting for a client's update.
    /// The probe is a real transaction (a placeholder document written and removed), committed and fsynced like an
    /// append. True when the store is writable again.
    /// </summary>
    private bool TryProbeWrite(OpenDatabase db)
    {
        var now = _time.GetTimestamp();
        if (_lastProbe != 0 && _time.GetElapsedTime(_lastProbe, now) < ReopenInterval)
        {
            return false;
        }

        _lastProbe = now;
        try
        {
            var placeholder = new BsonValue(Array.Empty<byte>());
            db.Database.BeginTrans();
            db.Updates.Upsert(new BsonDocument { ["_id"] = placeholder, ["probe"] = new BsonValue(_time.GetUtcNow().UtcTicks) });
            db.Updates.Delete(placeholder);
            db.Database.Commit();
            FlushLog(db);
            return true;
        }
        catch (Exception ex) when (ex is IOException or LiteException or UnauthorizedAccessException or ObjectDisposedException or UpdateStoreException)
        {
            Abandon(db, ex);
            return false;
        }
    }

    private static long RecordLength(BsonDocument doc) =>
        doc.TryGetValue("len", out var length) ? length.AsInt64 : doc["d"].AsBinary.LongLength;

    private static void AddRecordDocuments(List<BsonDocument> documents, byte[] prefix, long sequence, long ticks, ReadOnlyMemory<byte> data, bool isSnapshot)
    {
        var chunkCount = data.Length <= ChunkBytes ? 1 : (data.Length + ChunkBytes - 1) / ChunkBytes;
        for (var chunk = 0; chunk < chunkCount; chunk++)
        {
            var offset = chunk * ChunkBytes;
            var slice = data.Slice(offset, Math.Min(ChunkBytes, data.Length - offset));
            var doc = new BsonDocument
            {
                ["_id"] = new BsonValue(RecordKey.Create(prefix, sequence, (uint)chunk)),
                ["d"] = new BsonValue(AsArray(slice)),
            };
            if (chunk == 0)
            {
                doc["ts"] = new BsonValue(ticks);
                if (isSnapshot)
                {
                    doc["s"] = new BsonValue(true);
                }

                if (chunkCount > 1)
                {
                    doc["n"] = new BsonValue(chunkCount);
                    doc["len"] = new BsonValue((long)data.Length);
                }
            }

            documents.Add(doc);
        }
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

    private static UpdateStoreException Unavailable() =>
        new("The database is closed after a failure and not reopened yet.");

    private UpdateStoreException Corrupt(string room, string reason)
    {
        Log.CorruptRoom(_logger, room, reason);
        return new UpdateStoreException($"The records of room '{room}' are inconsistent: {reason}.");
    }

    private RoomMeta GetMeta(OpenDatabase db, string room)
    {
        if (_rooms.TryGetValue(room, out var meta))
        {
            return meta;
        }

        var prefix = RecordKey.Prefix(room);
        var doc = db.Updates.FindById(new BsonValue(RecordKey.Create(prefix, 0, 0)));
        // A room without its metadata document has no records: its first commit writes the document.
        meta = doc is null ? new RoomMeta(room, prefix) : RoomMeta.FromDocument(room, prefix, doc).CountTail(db.Updates);
        _rooms.Add(room, meta);

        // Everything stored before this process touched the room was fsynced when the database was opened.
        RaiseDurable(room, meta.LastSequence);
        return meta;
    }

    private void RaiseDurable(string room, long sequence) =>
        _durableSequence.AddOrUpdate(room, static (_, next) => next, static (_, current, next) => Math.Max(current, next), sequence);

    /// <summary>
    /// Enumerates a read, noting when LiteDB turns out to be closed under it, so that the writer reopens the
    /// database instead of failing its next batch on the closed engine.
    /// </summary>
    private IEnumerable<BsonDocument> Guarded(OpenDatabase db, IEnumerable<BsonDocument> query)
    {
        using var enumerator = Attempt(db, query.GetEnumerator);
        while (Attempt(db, enumerator.MoveNext))
        {
            yield return enumerator.Current;
        }
    }

    private T Attempt<T>(OpenDatabase db, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException
            || (ex is LiteException lite && lite.ErrorCode == LiteException.INVALID_DATAFILE_STATE))
        {
            Volatile.Write(ref _closedUnderReader, db);
            throw;
        }
    }

    private OpenDatabase EnsureOpen()
    {
        var db = Volatile.Read(ref _current);
        if (db is not null && ReferenceEquals(db, Volatile.Read(ref _closedUnderReader)))
        {
            Abandon(db, new UpdateStoreException("A read found the database closed."));
            db = Volatile.Read(ref _current);
        }

        if (db is not null)
        {
            return db;
        }

        return TryReopen() ?? throw Unavailable();
    }

    /// <summary>
    /// After a failed write the database is closed and reopened from disk: LiteDB may have closed itself (it does
    /// on I/O errors), and a failed fsync leaves the OS cache in an unknown state.
    /// </summary>
    private void Abandon(OpenDatabase db, Exception failure)
    {
        // Logged at Error once per outage; the probes that keep failing while the disk is full are Debug.
        if (_writeFailing)
        {
            Log.StillFailing(_logger, _dataPath, failure.Message);
        }
        else
        {
            Log.EngineBroken(_logger, _dataPath, failure);
        }

        _writeFailing = true;

        // Before LiteDB's own cleanup: the failed transaction must never reach its finalizer (see AbandonedTransactions).
        AbandonedTransactions.Suppress(db.Database);

        // Under the gate throughout: loads wait for the reopen (milliseconds) instead of failing meanwhile.
        lock (_gate)
        {
            if (ReferenceEquals(_current, db))
            {
                _current = null;
            }

            try
            {
                db.Database.Rollback();
            }
            catch (Exception ex) when (ex is LiteException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // Closed by LiteDB already; disposing below releases the files.
            }

            try
            {
                db.Dispose();
            }
            catch (Exception ex) when (ex is LiteException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The files are released; what the log holds is recovered by the reopen.
                Log.ReopenFailed(_logger, _dataPath, ex);
            }

            _rooms.Clear();
            _lastReopenAttempt = 0;
            TryReopen();
        }
    }

    private OpenDatabase? TryReopen()
    {
        var now = _time.GetTimestamp();
        if (_lastReopenAttempt != 0 && _time.GetElapsedTime(_lastReopenAttempt, now) < ReopenInterval)
        {
            return null;
        }

        _lastReopenAttempt = now;
        try
        {
            var db = OpenDatabase.Open(_dataPath, _logPath, _options.FlushToDisk);
            lock (_gate)
            {
                _current = db;
            }

            _rooms.Clear();
            Log.EngineReopened(_logger, _dataPath);
            return db;
        }
        catch (Exception ex) when (ex is IOException or LiteException or UnauthorizedAccessException)
        {
            Log.ReopenFailed(_logger, _dataPath, ex);
            return null;
        }
    }

    private void RemoveStaleFiles()
    {
        foreach (var path in new[] { _dataPath + VacuumSuffix, _logPath + VacuumSuffix })
        {
            if (File.Exists(path))
            {
                File.Delete(path);
                Log.StaleFileRemoved(_logger, path);
            }
        }
    }

    /// <summary>Live data in the store, estimated from the rooms' metadata, with LiteDB's per-record overhead.</summary>
    private sealed class LiveTotals
    {
        // Per record: the key twice (document and index node), field names, block and index-node headers.
        private const int RecordOverhead = 128;
        private const long Baseline = 1024 * 1024;

        private long _bytes;

        public long EstimatedBytes => Math.Max(0, _bytes) + Baseline;

        public static LiveTotals Scan(ILiteCollection<BsonDocument> updates)
        {
            var totals = new LiveTotals();
            var cursor = new BsonValue(Array.Empty<byte>());
            while (updates.FindOne(KeyRange.After(cursor)) is { } doc)
            {
                var key = doc["_id"].AsBinary;
                if (!RecordKey.TryParse(key, out var prefixLength, out var sequence, out _))
                {
                    break;
                }

                var prefix = RecordKey.PrefixOf(key, prefixLength);
                cursor = new BsonValue(RecordKey.AfterRoom(prefix));
                if (sequence == 0)
                {
                    var meta = RoomMeta.FromDocument(RecordKey.Room(key, prefixLength), prefix, doc).CountTail(updates);
                    totals._bytes += meta.Bytes + (meta.RecordCount * Overhead(prefixLength));
                }
            }

            return totals;
        }

        public void Add(long bytes, long records, string room) =>
            _bytes += bytes + (records * Overhead(2 + System.Text.Encoding.UTF8.GetByteCount(room)));

        private static long Overhead(int prefixLength) => RecordOverhead + (2 * (prefixLength + RecordKey.SuffixLength));
    }

    /// <summary>A record being reassembled from its chunks.</summary>
    private sealed class ChunkedRecord
    {
        private byte[]? _buffer;
        private int _offset;
        private int _chunkCount;
        private long _ticks;
        private bool _isSnapshot;

        public bool IsOpen => _buffer is not null;

        public long Sequence { get; private set; }

        public uint NextChunk { get; private set; }

        public bool IsComplete => _buffer is not null && NextChunk == _chunkCount;

        public void Start(long sequence, long ticks, bool isSnapshot, int chunkCount, long length, byte[] first)
        {
            Sequence = sequence;
            _ticks = ticks;
            _isSnapshot = isSnapshot;
            _chunkCount = chunkCount;
            _buffer = new byte[checked((int)length)];
            _offset = 0;
            NextChunk = 0;
            Append(first);
        }

        public void Append(byte[] chunk)
        {
            Debug.Assert(_buffer is not null);
            if (_offset + chunk.Length <= _buffer.Length)
            {
                chunk.CopyTo(_buffer, _offset);
            }

            _offset += chunk.Length;
            NextChunk++;
        }

        public StoredUpdate? Finish()
        {
            var buffer = _buffer!;
            _buffer = null;
            return _offset == buffer.Length
                ? new StoredUpdate(Sequence, new DateTimeOffset(_ticks, TimeSpan.Zero), buffer, _isSnapshot)
                : null;
        }
    }

    /// <summary>
    /// A room's counters. Its metadata document (sequence 0) holds them as of a checkpoint sequence; the records after
    /// that sequence (at most <see cref="CheckpointEvery"/> of them) are counted by <see cref="CountTail"/> whenever
    /// the room is read from disk, which is exact even after a crash because they were committed with the records.
    /// </summary>
    /// <remarks>Rewriting the document in every group commit cost a document update per touched room per commit (13 %
    /// of the writer thread with 1,000 active rooms); now it is rewritten when the room is new, every
    /// <see cref="CheckpointEvery"/> records, and by every other write to the room (compaction, deletion, quarantine),
    /// which change records before the checkpoint. Stores written before (document rewritten every commit) simply
    /// have an empty tail.</remarks>
    private sealed class RoomMeta(string room, byte[] prefix)
    {
        /// <summary>Records after the checkpoint that make the next commit of the room rewrite its document: bounds
        /// the tail that loading the counters reads (compaction usually rewrites it sooner).</summary>
        public const int CheckpointEvery = 256;

        public string Room { get; } = room;

        public byte[] Prefix { get; } = prefix;

        public long LastSequence { get; set; }

        public long RecordCount { get; set; }

        public long Bytes { get; set; }

        public long LastTicks { get; set; }

        /// <summary>Root kinds fixed by server edits (field <c>k</c>: root name → kind name); null when none. Stores
        /// written before root kinds existed have no such field.</summary>
        public Dictionary<string, string>? RootKinds { get; set; }

        /// <summary>The metadata document exists on disk.</summary>
        public bool Stored { get; private set; }

        /// <summary>The sequence the metadata document on disk was written at.</summary>
        public long CheckpointSequence { get; private set; }

        public bool Touched { get; set; }

        public bool NeedsCheckpoint => !Stored || LastSequence - CheckpointSequence >= CheckpointEvery;

        public static RoomMeta FromDocument(string room, byte[] prefix, BsonDocument doc) => new(room, prefix)
        {
            LastSequence = doc["seq"].AsInt64,
            RecordCount = doc["n"].AsInt64,
            Bytes = doc["b"].AsInt64,
            LastTicks = doc["ts"].AsInt64,
            RootKinds = ReadRootKinds(doc),
            Stored = true,
            CheckpointSequence = doc["seq"].AsInt64,
        };

        public static Dictionary<string, string>? ReadRootKinds(BsonDocument doc)
        {
            if (!doc.TryGetValue("k", out var field) || !field.IsDocument)
            {
                return null;
            }

            var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (root, kind) in field.AsDocument)
            {
                if (kind.IsString)
                {
                    kinds[root] = kind.AsString;
                }
            }

            return kinds;
        }

        /// <summary>Adds the records stored after the checkpoint (a range read over the room's end of the index).</summary>
        public RoomMeta CountTail(ILiteCollection<BsonDocument> updates)
        {
            var range = KeyRange.Between(RecordKey.Create(Prefix, CheckpointSequence + 1, 0), RecordKey.AfterRoom(Prefix));
            foreach (var doc in updates.Find(range))
            {
                if (!RecordKey.TryParse(doc["_id"].AsBinary, out _, out var sequence, out var chunk) || chunk != 0)
                {
                    continue;
                }

                RecordCount++;
                Bytes += RecordLength(doc);
                LastSequence = Math.Max(LastSequence, sequence);
                LastTicks = doc["ts"].AsInt64;
            }

            return this;
        }

        public BsonDocument ToDocument()
        {
            Stored = true;
            CheckpointSequence = LastSequence;
            var doc = new BsonDocument
            {
                ["_id"] = new BsonValue(RecordKey.Create(Prefix, 0, 0)),
                ["seq"] = new BsonValue(LastSequence),
                ["n"] = new BsonValue(RecordCount),
                ["b"] = new BsonValue(Bytes),
                ["ts"] = new BsonValue(LastTicks),
            };
            if (RootKinds is { Count: > 0 })
            {
                var kinds = new BsonDocument();
                foreach (var (root, kind) in RootKinds)
                {
                    kinds[root] = new BsonValue(kind);
                }

                doc["k"] = kinds;
            }

            return doc;
        }
    }

    /// <summary>The open LiteDB database and the two files under it.</summary>
    private sealed class OpenDatabase : IDisposable
    {
        private OpenDatabase(LiteDatabase database, DurableFileStream data, DurableFileStream log, string logPath)
        {
            Database = database;
            Data = data;
            Log = log;
            LogPath = logPath;
            Updates = database.GetCollection(CollectionName);
        }

        public LiteDatabase Database { get; }

        public DurableFileStream Data { get; }

        public DurableFileStream Log { get; }

        public string LogPath { get; }

        public ILiteCollection<BsonDocument> Updates { get; }

        public long FileBytes => Data.IsClosed || Log.IsClosed ? 0 : Data.Length + Log.Length;

        public static OpenDatabase Open(string dataPath, string logPath, bool flushToDisk)
        {
            DurableFileStream? data = null;
            DurableFileStream? log = null;
            try
            {
                data = DurableFileStream.Open(dataPath, flushToDisk, FileOptions.RandomAccess);
                log = DurableFileStream.Open(logPath, flushToDisk, FileOptions.None);

                // Direct mode on our own streams (LiteDB wraps them per reader and locks around each read/write).
                var database = new LiteDatabase(data, new BsonMapper(), log);
                EnsureCollection(database);

                // A previous process may have died between a commit and its fsync; what readers can see from now on
                // must be durable before a room hands it to a client.
                log.FlushToDisk();
                data.FlushToDisk();
                return new OpenDatabase(database, data, log, logPath);
            }
            catch
            {
                log?.Dispose();
                data?.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Creates the <c>updates</c> collection (with its <c>_id</c> index) in a brand-new file, before any reader
        /// can see the database.
        /// </summary>
        /// <remarks>
        /// LiteDB 5.0.21 must not create a collection while readers run: the creating commit registers the collection
        /// in the shared header page (<c>HeaderPage.InsertCollection</c>, inside <c>TransactionService.PersistDirtyPages</c>)
        /// before <c>WalIndexService.ConfirmTransaction</c> makes the commit's pages visible, and a query-only snapshot
        /// that starts in between finds the new collection's page id but reads the old version of that page: LiteDB
        /// throws "page type must be collection page" (INVALID_DATAFILE_STATE) and closes itself. In yserver that was
        /// the first commit into a fresh store racing the loads of the rooms it was for.
        /// </remarks>
        private static void EnsureCollection(LiteDatabase database)
        {
            // The quarantine too: check --repair writes it, and it must exist before any reader runs for the same reason.
            foreach (var name in (ReadOnlySpan<string>)[CollectionName, QuarantineCollectionName])
            {
                if (database.CollectionExists(name))
                {
                    continue;
                }

                // A collection exists once something was inserted; the placeholder goes again in the same transaction.
                var collection = database.GetCollection(name);
                var placeholder = new BsonValue(Array.Empty<byte>());
                database.BeginTrans();
                collection.Insert(new BsonDocument { ["_id"] = placeholder });
                collection.Delete(placeholder);
                database.Commit();
            }
        }

        public void Dispose()
        {
            try
            {
                // Closing checkpoints the log into the data file (LiteDB fsyncs the data file through our Flush).
                Database.Dispose();
            }
            finally
            {
                var empty = false;
                if (!Log.IsClosed)
                {
                    try
                    {
                        Log.FlushToDisk();
                        empty = Log.Length == 0;
                    }
                    catch (IOException)
                    {
                        empty = false;
                    }
                }

                Log.Dispose();
                Data.Dispose();
                if (empty)
                {
                    File.Delete(LogPath);
                }
            }
        }
    }
}
