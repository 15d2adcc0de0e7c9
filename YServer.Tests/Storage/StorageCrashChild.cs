using System.Buffers.Binary;
using System.Diagnostics;
using YServer.Storage;
using YServer.Storage.LiteDb;

namespace YServer.Tests.Storage;

/// <summary>
/// The process that the crash tests kill. It writes to a store as fast as it can and prints a line for everything
/// the store acknowledged; the parent kills it with SIGKILL at a random moment and then checks that every printed
/// acknowledgement is in the reopened store.
/// </summary>
/// <remarks>
/// Records are self-describing so the parent can check them: a raw update is <c>[seq: i64][writer: i32][n: i32]</c>
/// followed by filler, a snapshot is <c>["SNAP"][upTo: i64]</c> followed by filler and claims to cover sequences
/// 1..upTo.
/// </remarks>
internal static class StorageCrashChild
{
    public const string ModeVariable = "YSERVER_STORAGE_CRASH_CHILD";
    public const string PathVariable = "YSERVER_STORAGE_CRASH_PATH";
    public const string SeedVariable = "YSERVER_STORAGE_CRASH_SEED";
    public const string AppendMode = "append";
    public const string CompactMode = "compact";
    public const string VacuumMode = "vacuum";
    public const int BigRoomMegabytes = 12;
    public const int Rooms = 4;

    private static readonly byte[] SnapshotMagic = "SNAP"u8.ToArray();

    public static int Run(string mode)
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) ?? throw new InvalidOperationException("no store path");
        var seed = int.Parse(Environment.GetEnvironmentVariable(SeedVariable) ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var store = new LiteDbUpdateStore(new StorageOptions { Path = path });
            Console.Out.WriteLine("ready");
            var work = mode switch
            {
                CompactMode => CompactLoopAsync(store, seed),
                VacuumMode => VacuumLoopAsync(store, seed),
                _ => AppendLoopAsync(store, seed, writers: 32),
            };
            work.GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine(ex);
            return 2;
        }
    }

    public static string Room(int index) => "crash-room-" + index;

    /// <summary>Raw update for (writer, n); the sequence field is unknown when writing, so it is left 0.</summary>
    public static byte[] RawUpdate(int writer, int n, Random random)
    {
        // Mostly small updates, now and then one that needs several chunks.
        var length = random.Next(100) == 0 ? LiteDbEngine.ChunkBytes + random.Next(2 * LiteDbEngine.ChunkBytes) : 16 + random.Next(2000);
        var bytes = new byte[length];
        random.NextBytes(bytes.AsSpan(16));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), writer);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), n);
        return bytes;
    }

    public static (int Writer, int N) ReadRaw(ReadOnlySpan<byte> update) =>
        (BinaryPrimitives.ReadInt32LittleEndian(update[8..]), BinaryPrimitives.ReadInt32LittleEndian(update[12..]));

    public static byte[] Snapshot(long upTo, Random random)
    {
        // Many chunks, so writing it takes long enough for a kill to land in the middle.
        var bytes = new byte[(6 * LiteDbEngine.ChunkBytes) + random.Next(4 * LiteDbEngine.ChunkBytes)];
        random.NextBytes(bytes.AsSpan(12));
        SnapshotMagic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(4), upTo);
        return bytes;
    }

    public static bool TryReadSnapshot(ReadOnlySpan<byte> update, out long upTo)
    {
        upTo = 0;
        if (update.Length < 12 || !update[..4].SequenceEqual(SnapshotMagic))
        {
            return false;
        }

        upTo = BinaryPrimitives.ReadInt64LittleEndian(update[4..]);
        return true;
    }

    /// <summary>The content of the big room's n-th megabyte, so the parent can check it after every kill.</summary>
    public static byte[] BigRecord(int n)
    {
        var bytes = new byte[1024 * 1024];
        new Random(n).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Keeps a big room (so a rewrite takes a while), appends elsewhere, and rewrites the file over and over.</summary>
    private static async Task VacuumLoopAsync(LiteDbUpdateStore store, int seed)
    {
        var big = Room(1);
        var existing = await store.LoadAsync(big, CancellationToken.None);
        for (var n = existing.Records.Count; n < BigRoomMegabytes; n++)
        {
            await store.AppendAsync(big, BigRecord(n), CancellationToken.None);
        }

        var appenders = AppendLoopAsync(store, seed, writers: 4, rooms: 1);
        while (!appenders.IsCompleted)
        {
            Console.Out.WriteLine("vacuum-begin");
            await store.VacuumAsync(CancellationToken.None);
            Console.Out.WriteLine("vacuum-done");

            // Let appends in between rewrites (a rewrite holds the writer).
            await Task.Delay(50);
        }

        await appenders;
    }

    private static async Task AppendLoopAsync(LiteDbUpdateStore store, int seed, int writers, int rooms = Rooms)
    {
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(seed * 1000 + w);
            for (var n = 0; ; n++)
            {
                var room = Room(random.Next(rooms));
                var sequence = await store.AppendAsync(room, RawUpdate(w, n, random), CancellationToken.None);
                Console.Out.WriteLine($"ack {room} {sequence} {w} {n}");
            }
        })));
    }

    /// <summary>Appends from several writers into one room while compacting it over and over.</summary>
    private static async Task CompactLoopAsync(LiteDbUpdateStore store, int seed)
    {
        var room = Room(0);
        var log = await store.LoadAsync(room, CancellationToken.None);

        // Acknowledged sequences, so a compaction only covers a contiguous acknowledged prefix.
        var acknowledged = new SortedSet<long>(log.Records.Select(r => r.Sequence));
        var covered = log.Records.Count > 0 && log.Records[0].IsSnapshot ? log.Records[0].Sequence : 0;
        var gate = new object();
        using var stop = new CancellationTokenSource();
        var appenders = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(seed * 1000 + w);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var sequence = await store.AppendAsync(room, RawUpdate(w, n, random), CancellationToken.None);
                lock (gate)
                {
                    acknowledged.Add(sequence);
                }

                Console.Out.WriteLine($"ack {room} {sequence} {w} {n}");
            }
        })).ToList();

        var compactRandom = new Random(seed);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(compactRandom.Next(5, 30));
            long upTo;
            lock (gate)
            {
                upTo = covered;
                foreach (var sequence in acknowledged)
                {
                    if (sequence > upTo + 1)
                    {
                        break;
                    }

                    upTo = Math.Max(upTo, sequence);
                }
            }

            if (upTo <= covered)
            {
                continue;
            }

            var snapshot = Snapshot(upTo, compactRandom);
            var started = Stopwatch.GetTimestamp();
            Console.Out.WriteLine($"compact-begin {room} {upTo}");
            await store.CompactAsync(room, upTo, snapshot, CancellationToken.None);
            covered = upTo;
            Console.Out.WriteLine($"compact-done {room} {upTo} {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0}");
        }
    }
}
