using Microsoft.Extensions.Time.Testing;
using Serilog;
using Serilog.Extensions.Logging;
using YServer.Rooms;
using YServer.Storage;

namespace YServer.Tests.Support;

/// <summary>A <see cref="RoomManager"/> over a <see cref="GatedUpdateStore"/>, a <see cref="FakeTimeProvider"/> and a
/// log capture: room-layer unit tests without sockets or real time.</summary>
internal sealed class RoomHarness : IAsyncDisposable
{
    private readonly SerilogLoggerFactory _loggerFactory;

    public RoomHarness(RoomOptions? options = null, StorageOptions? storage = null, RoomLimitsOptions? limits = null)
    {
        var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(Logs).CreateLogger();
        _loggerFactory = new SerilogLoggerFactory(logger, dispose: true);
        Options = options ?? new RoomOptions();
        Manager = new RoomManager(
            Store,
            Microsoft.Extensions.Options.Options.Create(Options),
            new CompactionPolicy(storage ?? new StorageOptions { CompactAfterRecords = 1_000_000 }),
            Time,
            _loggerFactory,
            limits: limits is null ? null : Microsoft.Extensions.Options.Options.Create(limits));
    }

    public GatedUpdateStore Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public LogCapture Logs { get; } = new();

    public RoomOptions Options { get; }

    public RoomManager Manager { get; }

    /// <summary>Joins a new peer and reads its step 1.</summary>
    public async Task<(Room Room, TestPeer Peer)> JoinAsync(string room)
    {
        var peer = new TestPeer();
        var joined = await Manager.JoinAsync(room, peer, CancellationToken.None).DefaultTimeout();
        await peer.ReceiveStep1Async();
        return (joined, peer);
    }

    /// <summary>Submits an update (validated) and waits until it is durable and relayed.</summary>
    public static Task SubmitAsync(Room room, IRoomPeer sender, byte[] update) =>
        room.SubmitUpdate(sender, update, YServer.Yjs.YUpdate.Validate(update)).DefaultTimeout();

    public async ValueTask DisposeAsync()
    {
        Store.ReleaseAll();
        Store.LoadGate?.TrySetResult();
        await Manager.DisposeAsync();
        await Store.DisposeAsync();
        _loggerFactory.Dispose();
        Logs.DumpIfFailed();
    }
}
