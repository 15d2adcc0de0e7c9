using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace YServer.Storage;

/// <summary>Argument checks shared by every <see cref="IUpdateStore"/>, so all engines reject the same input.</summary>
public static class StoreGuard
{
    /// <summary>
    /// Longest room name, in UTF-8 bytes. The LiteDB engine puts the name in every record key and LiteDB caps index
    /// keys at 1023 bytes.
    /// </summary>
    public const int MaxRoomNameBytes = 900;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="room"/> is a storable room name.</summary>
    public static void ValidateRoom([NotNull] string? room)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (room.Length == 0)
        {
            ThrowEmptyRoom();
        }

        if (room.Length > MaxRoomNameBytes / 3 && Encoding.UTF8.GetByteCount(room) > MaxRoomNameBytes)
        {
            ThrowRoomTooLong();
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless every root name and kind name is a non-null string and
    /// every kind name is non-empty.</summary>
    internal static void ValidateRootKinds([NotNull] IReadOnlyDictionary<string, string>? kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        foreach (var (root, kind) in kinds)
        {
            if (root is null || string.IsNullOrEmpty(kind))
            {
                throw new ArgumentException("Every root kind needs a root name and a kind name.", nameof(kinds));
            }
        }
    }

    internal static void ValidateSequence(long upToSequence)
    {
        if (upToSequence < 1)
        {
            ThrowSequenceOutOfRange(upToSequence);
        }
    }

    [DoesNotReturn]
    internal static void ThrowSequenceOutOfRange(long upToSequence) =>
        throw new ArgumentOutOfRangeException(nameof(upToSequence), upToSequence, "No record was ever given this sequence number.");

    [DoesNotReturn]
    internal static void ThrowNothingToCompact(long upToSequence) =>
        throw new InvalidOperationException($"No record with sequence <= {upToSequence} is left to compact.");

    [DoesNotReturn]
    private static void ThrowEmptyRoom() => throw new ArgumentException("The room name is empty.", "room");

    [DoesNotReturn]
    private static void ThrowRoomTooLong() =>
        throw new ArgumentException($"The room name is longer than {MaxRoomNameBytes} UTF-8 bytes.", "room");
}
