using System.Collections;

namespace YServer.Transport;

/// <summary>Adds ConnectionId, RoomName and RemoteEndPoint to every log line written while a connection is handled
/// (Kestrel's ConnectionLogScope does the same for ConnectionId).</summary>
internal sealed class ConnectionLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly string _connectionId;
    private readonly string _roomName;
    private readonly string? _remoteEndPoint;

    public ConnectionLogScope(string connectionId, string roomName, string? remoteEndPoint)
    {
        _connectionId = connectionId;
        _roomName = roomName;
        _remoteEndPoint = remoteEndPoint;
    }

    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("ConnectionId", _connectionId),
        1 => new("RoomName", _roomName),
        2 => new("RemoteEndPoint", _remoteEndPoint),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"ConnectionId:{_connectionId} RoomName:{_roomName}";
}
