using System.ComponentModel.DataAnnotations;

namespace YServer.Rooms;

/// <summary>The room-level settings of the <c>Limits</c> section (the connection-level ones are Transport's
/// <c>LimitsOptions</c>, bound from the same section: one section for operators, each layer reads its part).</summary>
public sealed class RoomLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Rooms in memory at once. A connection to a room that is not loaded is refused (HTTP 503 at the upgrade)
    /// when this many are loaded and none of them is idle; an idle room (no connections, waiting out its unload grace
    /// period) is unloaded early to make room, and rooms already unloading do not count. 0 = no limit. Default 10,000,
    /// the default connection limit: every connection may be alone in its room.</summary>
    [Range(0, 10_000_000)]
    public int MaxLoadedRooms { get; set; } = 10_000;

    /// <summary>Largest stored size of one room (the bytes of its records in the store: snapshot plus updates since,
    /// including updates still on their way to disk). An update that would grow the room past it is refused: nothing is
    /// stored or relayed, and the sending connection is closed with 1009 (the admin API answers 413). 0 = no limit.
    /// Default 256 MiB: far above any text document (a book is a few MiB with its history), low enough that one room
    /// cannot exhaust a small server's memory (a loaded room holds its merged state and log in memory).</summary>
    [Range(0, long.MaxValue)]
    public long MaxDocumentBytes { get; set; } = 256L * 1024 * 1024;
}
