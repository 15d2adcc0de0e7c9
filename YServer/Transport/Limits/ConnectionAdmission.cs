using System.Net;
using Microsoft.Extensions.Options;
using YServer.Diagnostics;

namespace YServer.Transport.Limits;

/// <summary>Counts open connections in total, per remote IP address and per room, and admits a new one only while all
/// three are under their limits (<see cref="LimitsOptions"/>). Checked before the WebSocket upgrade so that a refused
/// client gets HTTP 503, which y-websocket treats as a failed connect and retries with exponential backoff. One lock
/// guards the counts: it is taken twice per connection (admit, release), never per message, and admitting and counting
/// must be one step or a burst of connects would all pass the check.</summary>
internal sealed class ConnectionAdmission
{
    private readonly LimitsOptions _limits;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Dictionary<string, int> _perRoom = new(StringComparer.Ordinal);
    private int _total;

    public ConnectionAdmission(IOptions<LimitsOptions> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits.Value;
    }

    /// <summary>Connections admitted and not yet released.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Admits a connection from <paramref name="address"/> (null when unknown: not counted per address) to
    /// <paramref name="room"/>, or says which limit refuses it. An admitted connection must be released exactly once
    /// with the same address and room.</summary>
    public bool TryAdmit(IPAddress? address, string room, out RefusalReason refusal)
    {
        address = Normalize(address);
        lock (_lock)
        {
            var fromAddress = 0;
            if (_limits.MaxConnections > 0 && _total >= _limits.MaxConnections)
            {
                refusal = RefusalReason.Connections;
                return false;
            }

            if (address is not null && _perAddress.TryGetValue(address, out fromAddress) && _limits.MaxConnectionsPerIp > 0 && fromAddress >= _limits.MaxConnectionsPerIp)
            {
                refusal = RefusalReason.ConnectionsPerIp;
                return false;
            }

            _perRoom.TryGetValue(room, out var inRoom);
            if (_limits.MaxConnectionsPerRoom > 0 && inRoom >= _limits.MaxConnectionsPerRoom)
            {
                refusal = RefusalReason.ConnectionsPerRoom;
                return false;
            }

            _total++;
            if (address is not null)
            {
                _perAddress[address] = fromAddress + 1;
            }

            _perRoom[room] = inRoom + 1;
            refusal = default;
            return true;
        }
    }

    /// <summary>Gives back the slot of a connection that <see cref="TryAdmit"/> admitted.</summary>
    public void Release(IPAddress? address, string room)
    {
        address = Normalize(address);
        lock (_lock)
        {
            _total--;
            if (address is not null)
            {
                Decrement(_perAddress, address);
            }

            Decrement(_perRoom, room);
        }
    }

    /// <summary>The limit that <paramref name="refusal"/> names, for log lines.</summary>
    public int LimitOf(RefusalReason refusal) => refusal switch
    {
        RefusalReason.Connections => _limits.MaxConnections,
        RefusalReason.ConnectionsPerIp => _limits.MaxConnectionsPerIp,
        RefusalReason.ConnectionsPerRoom => _limits.MaxConnectionsPerRoom,
        _ => 0,
    };

    /// <summary>Counts nothing per entry that dropped to zero, so the dictionaries only hold addresses and rooms with
    /// open connections.</summary>
    private static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        if (counts.TryGetValue(key, out var count))
        {
            if (count <= 1)
            {
                counts.Remove(key);
            }
            else
            {
                counts[key] = count - 1;
            }
        }
    }

    /// <summary>An IPv4 client on a dual-stack listener shows up as ::ffff:a.b.c.d; it is the same host as a.b.c.d.</summary>
    internal static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
}
