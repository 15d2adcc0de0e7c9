using System.Diagnostics.Metrics;

namespace YServer.Diagnostics;

/// <summary>Every instrument of the <c>YServer</c> meter, created once (a DI singleton). Hot paths only call
/// <c>Add</c>/<c>Record</c> with precomputed tags: no allocation, no LINQ, and next to nothing when no listener is
/// attached. The Prometheus exporter (Hosting) turns the names into <c>yserver_..._total</c>, <c>..._seconds</c> etc.
/// This is the server's only counting system: the layers call these methods at the point where something happens.</summary>
public sealed class YServerMetrics : IDisposable
{
    /// <summary>The meter name (what an exporter subscribes to).</summary>
    public const string MeterName = "YServer";

    private static readonly string[] MessageTypes = ["sync_step1", "sync_step2", "sync_update", "awareness", "auth", "query_awareness", "unknown"];
    private static readonly KeyValuePair<string, object?>[] MessageTypeTags = CreateTags("type", MessageTypes);

    // Indexed by RefusalReason.
    private static readonly string[] RefusalReasons =
        ["connections", "connections_per_ip", "connections_per_room", "rooms", "room_name_length", "message_size", "message_rate", "byte_rate", "document_size", "awareness_size", "handshake_timeout", "send_queue", "unauthenticated", "forbidden"];

    private static readonly KeyValuePair<string, object?>[] RefusalTags = CreateTags("reason", RefusalReasons);

    private readonly bool _ownsMeter;
    private readonly Counter<long> _connectionsAccepted;
    private readonly UpDownCounter<long> _connectionsOpen;
    private readonly Counter<long> _connectionsClosed;
    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _sendQueueOverflows;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _updatesPersisted;
    private readonly Counter<long> _commitsFailed;
    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<int> _commitBatchSize;
    private readonly Counter<long> _compactions;
    private readonly Counter<long> _vacuums;
    private readonly Histogram<double> _roomLoadDuration;
    private Func<int>? _loadedRooms;
    private Func<DocumentCounts>? _documents;

    /// <summary>Creates the meter through <paramref name="meterFactory"/> (per host, so two hosts in one process count
    /// apart), or owns a plain <see cref="Meter"/> when there is none (storage and room unit tests).</summary>
    public YServerMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _connectionsAccepted = Meter.CreateCounter<long>("yserver.connections.accepted", "{connection}", "WebSocket connections accepted (upgraded)");
        _connectionsOpen = Meter.CreateUpDownCounter<long>("yserver.connections.open", "{connection}", "WebSocket connections open now");
        _connectionsClosed = Meter.CreateCounter<long>("yserver.connections.closed", "{connection}", "Connections closed, by reason and WebSocket close code");
        _messagesReceived = Meter.CreateCounter<long>("yserver.messages.received", "{message}", "y-protocols messages received, by type");
        _messagesSent = Meter.CreateCounter<long>("yserver.messages.sent", "{message}", "y-protocols messages sent, by type");
        _bytesReceived = Meter.CreateCounter<long>("yserver.received", "By", "Message bytes received from clients");
        _bytesSent = Meter.CreateCounter<long>("yserver.sent", "By", "Message bytes sent to clients");
        _sendQueueOverflows = Meter.CreateCounter<long>("yserver.send_queue.overflows", "{connection}", "Connections closed (1013) because their send queue was full");
        _refusals = Meter.CreateCounter<long>("yserver.refusals", "{refusal}", "Connections, messages and updates refused by a resource limit, by reason");
        _updatesPersisted = Meter.CreateCounter<long>("yserver.store.updates", "{update}", "Updates made durable by group commits");
        _commitsFailed = Meter.CreateCounter<long>("yserver.store.commit.failures", "{commit}", "Group commits that failed");
        _commitDuration = Meter.CreateHistogram(
            "yserver.store.commit.duration",
            "s",
            "Time to write and flush one group commit",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _commitBatchSize = Meter.CreateHistogram(
            "yserver.store.commit.batch_size",
            "{update}",
            "Updates written by one group commit",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096] });
        _compactions = Meter.CreateCounter<long>("yserver.store.compactions", "{compaction}", "Room logs replaced by a snapshot");
        _vacuums = Meter.CreateCounter<long>("yserver.store.vacuums", "{vacuum}", "Rewrites of the database file that gave free space back");
        _roomLoadDuration = Meter.CreateHistogram(
            "yserver.room.load.duration",
            "s",
            "Time to load a room's history from the store and merge it",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        Meter.CreateObservableGauge("yserver.rooms.loaded", () => _loadedRooms?.Invoke() ?? 0, "{room}", "Rooms in memory");
        Meter.CreateObservableGauge("yserver.documents.materialized", () => _documents?.Invoke().Materialized ?? 0, "{document}", "Loaded rooms whose document model is materialized (a feature read or edited it)");
        Meter.CreateObservableGauge("yserver.documents.pending", () => _documents?.Invoke().Pending ?? 0, "{document}", "Materialized documents stuck with pending structs or deletes (updates missing their predecessors)");
        Meter.CreateObservableGauge("yserver.documents.pending_structs", () => _documents?.Invoke().PendingStructs ?? 0, "{struct}", "Structs held as pending by all materialized documents");
    }

    /// <summary>The meter all instruments belong to (tests listen to exactly this instance).</summary>
    public Meter Meter { get; }

    /// <summary>Where the <c>yserver.rooms.loaded</c> gauge reads from (the room manager registers itself).</summary>
    public void ObserveLoadedRooms(Func<int> loadedRooms) => _loadedRooms = loadedRooms;

    /// <summary>Where the <c>yserver.documents.*</c> gauges read from (the room manager registers itself; called at
    /// scrape time only).</summary>
    public void ObserveDocuments(Func<DocumentCounts> documents) => _documents = documents;

    public void ConnectionOpened()
    {
        _connectionsAccepted.Add(1);
        _connectionsOpen.Add(1);
    }

    /// <param name="reason">The close reason's name (a constant string, e.g. <c>ClientClosed</c>).</param>
    /// <param name="closeStatus">The WebSocket close code (1006 when there was no close handshake).</param>
    public void ConnectionClosed(string reason, int closeStatus)
    {
        _connectionsOpen.Add(-1);
        _connectionsClosed.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("code", CloseCodeText(closeStatus)));
    }

    /// <summary>A complete message from a client, classified by its first bytes.</summary>
    public void MessageReceived(ReadOnlySpan<byte> message)
    {
        _bytesReceived.Add(message.Length);
        _messagesReceived.Add(1, MessageTypeTags[Classify(message)]);
    }

    /// <summary>A message handed to the socket.</summary>
    public void MessageSent(ReadOnlySpan<byte> message)
    {
        _bytesSent.Add(message.Length);
        _messagesSent.Add(1, MessageTypeTags[Classify(message)]);
    }

    public void SendQueueOverflow() => _sendQueueOverflows.Add(1);

    /// <summary>A resource limit refused a connection, message or update.</summary>
    public void Refused(RefusalReason reason) => _refusals.Add(1, RefusalTags[(int)reason]);

    /// <summary>The <c>reason</c> label of a refusal (also used in log lines).</summary>
    public static string NameOf(RefusalReason reason) => RefusalReasons[(int)reason];

    public void CommitSucceeded(int batchSize, TimeSpan elapsed)
    {
        _updatesPersisted.Add(batchSize);
        _commitBatchSize.Record(batchSize);
        _commitDuration.Record(elapsed.TotalSeconds);
    }

    public void CommitFailed() => _commitsFailed.Add(1);

    public void Compacted() => _compactions.Add(1);

    public void Vacuumed() => _vacuums.Add(1);

    public void RoomLoaded(TimeSpan elapsed) => _roomLoadDuration.Record(elapsed.TotalSeconds);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    /// <summary>Index into <see cref="MessageTypes"/> from the outer type (varUint, one byte for every known type) and,
    /// for sync, the sub-type (yjs-wire-format.md §2).</summary>
    private static int Classify(ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty)
        {
            return 6;
        }

        return message[0] switch
        {
            0 when message.Length > 1 && message[1] <= 2 => message[1],
            1 => 3,
            2 => 4,
            3 => 5,
            _ => 6,
        };
    }

    private static string CloseCodeText(int code) => code switch
    {
        1000 => "1000",
        1001 => "1001",
        1002 => "1002",
        1003 => "1003",
        1006 => "1006",
        1007 => "1007",
        1008 => "1008",
        1009 => "1009",
        1011 => "1011",
        1013 => "1013",
        _ => "other",
    };

    private static KeyValuePair<string, object?>[] CreateTags(string key, string[] values)
    {
        var tags = new KeyValuePair<string, object?>[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            tags[i] = new KeyValuePair<string, object?>(key, values[i]);
        }

        return tags;
    }
}

/// <summary>The document gauges at one instant.</summary>
/// <param name="Materialized">Loaded rooms with a materialized document.</param>
/// <param name="Pending">Of those, documents holding pending structs or deletes.</param>
/// <param name="PendingStructs">Pending structs over all documents.</param>
public readonly record struct DocumentCounts(int Materialized, int Pending, long PendingStructs);
