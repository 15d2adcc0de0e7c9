using System.ComponentModel.DataAnnotations;

namespace YServer.Transport;

/// <summary>Per-connection resource limits (section <c>Limits</c>). To add a setting: add the property with its default
/// and validation here, a line in <c>appsettings.example.json</c>, a row in the README table and a test at the
/// boundary.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Largest message a client may send (all fragments together); a larger one closes the connection
    /// with 1009. Default 16 MiB.</summary>
    [Range(16, 1024 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Messages queued for one connection before it counts as a consumer that cannot keep up and is closed
    /// with 1013 (instead of growing memory).</summary>
    [Range(1, 1_000_000)]
    public int SendQueueLength { get; set; } = 4096;

    /// <summary>Updates of one connection waiting to become durable before its next message is read.</summary>
    [Range(1, 10_000)]
    public int MaxInFlightUpdatesPerConnection { get; set; } = 64;

    /// <summary>Longest room name, in UTF-8 bytes after URL-decoding; longer names are refused with HTTP 414. At most
    /// 900: the store keeps the name in every record key.</summary>
    [Range(1, 900)]
    public int MaxRoomNameBytes { get; set; } = 900;

    /// <summary>Open WebSocket connections in total; one more is refused at the upgrade with HTTP 503. 0 = no limit.
    /// Default 10,000: an idle connection costs a few KB, so this bounds memory and file descriptors well below what
    /// a small machine can hold, while leaving room for the 10,000-connection benchmark (W3).</summary>
    [Range(0, 10_000_000)]
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Open connections from one remote IP address; one more is refused at the upgrade with HTTP 503.
    /// 0 = no limit. Default 500: an office behind one NAT address with a few hundred people (and tabs) still fits,
    /// one misbehaving host cannot take every slot. Behind a reverse proxy every client has the proxy's address:
    /// raise it or turn it off there.</summary>
    [Range(0, 10_000_000)]
    public int MaxConnectionsPerIp { get; set; } = 500;

    /// <summary>Open connections to one room; one more is refused at the upgrade with HTTP 503. 0 = no limit.
    /// Default 300: every change and every awareness renewal (each client renews every 15 s) fans out to every
    /// connection of the room, so the room's traffic grows with the square of this number.</summary>
    [Range(0, 10_000_000)]
    public int MaxConnectionsPerRoom { get; set; } = 300;

    /// <summary>Sustained messages per second one connection may send (token bucket refill rate); a client that keeps
    /// sending faster, once its burst is spent, is closed with 1008. 0 = no limit. Default 100: a fast typist with
    /// cursor awareness sends a few dozen messages per second.</summary>
    [Range(0, 10_000_000)]
    public int MessagesPerSecond { get; set; } = 100;

    /// <summary>Messages one connection may send at once on top of the sustained rate (token bucket size). Default
    /// 1000: a client that reconnects after working offline flushes its queued updates in one go.</summary>
    [Range(1, 100_000_000)]
    public int MessageBurst { get; set; } = 1000;

    /// <summary>Sustained message bytes per second one connection may send; past its burst, a client that keeps
    /// sending more is closed with 1008. 0 = no limit. Default 1 MiB/s: far above typing, pasting or awareness.</summary>
    [Range(0, 1024L * 1024 * 1024)]
    public long BytesPerSecond { get; set; } = 1024 * 1024;

    /// <summary>Message bytes one connection may send at once on top of the sustained rate. Default 16 MiB, the
    /// default <see cref="MaxMessageBytes"/>: the largest allowed message (a first sync step 2 of a big document edited
    /// offline) passes when the bucket is full. A smaller value counts as <see cref="MaxMessageBytes"/>.</summary>
    [Range(1, 64L * 1024 * 1024 * 1024)]
    public long ByteBurst { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest awareness state of one client (its JSON, in UTF-8 bytes); a larger one closes the connection
    /// with 1009 and is neither kept nor relayed. 0 = no limit. Default 32 KiB: y-websocket states (user name,
    /// colour, cursor) are well under 1 KiB, and every state is relayed to the whole room every 15 s.</summary>
    [Range(0, 1024 * 1024 * 1024)]
    public int MaxAwarenessStateBytes { get; set; } = 32 * 1024;

    /// <summary>Time a new connection has to send its sync step 1 (after it joined its room); a connection that has
    /// not by then is closed with 1008. 0 = no limit. y-websocket and pycrdt-websocket send it as soon as the socket
    /// opens, so the default 10 s only ever catches idle or broken clients holding a slot.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
