namespace YServer.Rooms;

/// <summary>A stored record that parses but does not integrate into the room's document (yjs rejects it too), so a
/// replay skipped it: its sequence and why.</summary>
public sealed record SkippedRecord(long Sequence, string Reason);
