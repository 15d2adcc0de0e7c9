using System.Security.Cryptography;
using YServer.Protocol;
using YServer.Storage;
using YServer.Yjs;

namespace YServer.Rooms;

/// <summary>Runs, once and in the background right after the server starts listening, the code the first client of a
/// stored room goes through: merging and validating a log, diffing it for a joiner's step 2, encoding the sync
/// messages, compacting it through a document, and the SHA-1 of the WebSocket handshake (whose first use loads the
/// native crypto library). ReadyToRun code still pays for type loading, static constructors and method fixups on its
/// first call; measured on a 2-core VM, the first load of a room with 20 records took 13–20 ms more (merge 7–11 ms,
/// validating a 10 KB snapshot 4 ms) and the first WebSocket upgrade 75–117 ms more than the second.
/// <para>Off the critical path: it starts after the listener is up (ApplicationStarted), so it never delays startup,
/// works on a synthetic document in memory only (no store, no room, nothing a client or a metric can see), and a
/// failure is only logged.</para></summary>
internal sealed partial class RoomWarmUp(IHostApplicationLifetime lifetime, ILogger<RoomWarmUp> logger) : IHostedService
{
    // A small log in the shapes a real one has: two clients typing into root text "t", a run that continues an
    // earlier one, and a deletion.
    internal static readonly byte[][] Updates =
    [
        Convert.FromHexString("01010100040101740568656c6c6f00"),
        Convert.FromHexString("010101058401040620776f726c6400"),
        Convert.FromHexString("0101020004010174017800"),
        Convert.FromHexString("000101010102"),
    ];

    private CancellationTokenRegistration _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(() => _ = Task.Run(Run, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        return Task.CompletedTask;
    }

    private void Run()
    {
        try
        {
            WarmUp();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only a lost head start: the same code runs (and reports its errors) when a client needs it.
            LogWarmUpFailed(logger, ex);
        }
    }

    /// <summary>The room's load and join path on <see cref="Updates"/> (see the class summary).</summary>
    internal static void WarmUp()
    {
        var records = new StoredUpdate[Updates.Length];
        for (var i = 0; i < Updates.Length; i++)
        {
            records[i] = new StoredUpdate(i + 1, DateTimeOffset.UnixEpoch, Updates[i], IsSnapshot: false);
        }

        var merged = RoomReplay.Merge(records);
        var coverage = new DocumentCoverage();
        coverage.Add(YUpdate.Validate(merged));
        _ = SyncMessages.EncodeStep1(coverage.EncodeStateVector());
        _ = SyncMessages.EncodeStep2(YUpdate.Diff(merged, [0]));
        _ = SyncMessages.EncodeStep2(YUpdate.Diff(merged, coverage.EncodeStateVector()));
        _ = SyncMessages.EncodeUpdate(Updates[0]);
        var snapshot = RoomReplay.Snapshot(records, collectGarbage: true);
        coverage.Add(YUpdate.Validate(snapshot));
#pragma warning disable CA5350 // not for security: the WebSocket handshake (RFC 6455) hashes its key with SHA-1
        _ = SHA1.HashData(merged);
#pragma warning restore CA5350
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warming up the room load path failed")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
