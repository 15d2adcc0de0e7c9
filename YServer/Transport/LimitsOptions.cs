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
}
