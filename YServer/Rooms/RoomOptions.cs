using System.ComponentModel.DataAnnotations;

namespace YServer.Rooms;

/// <summary>Room lifetime and awareness settings (section <c>Rooms</c>). To add a setting: add the property with its
/// default and validation here, a line in <c>appsettings.example.json</c> and a row in the README table.</summary>
public sealed class RoomOptions
{
    public const string SectionName = "Rooms";

    /// <summary>How long a room stays in memory after its last connection left (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan UnloadGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Awareness states not renewed for this long are removed (y-protocols <c>outdatedTimeout</c>, 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AwarenessTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often expired awareness states are looked for (y-protocols checks every timeout / 10 = 3 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AwarenessCheckInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Most awareness states one room keeps; entries beyond it are ignored (protects memory).</summary>
    [Range(1, 1_000_000)]
    public int MaxAwarenessStates { get; set; } = 10_000;
}
