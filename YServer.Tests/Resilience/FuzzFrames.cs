using System.Text;
using YServer.Tests.Fuzz;
using YServer.Tests.Support;
using YServer.Tests.Vectors;

namespace YServer.Tests.Resilience;

/// <summary>What the live fuzz client sends: y-websocket traffic built from real yjs output (updates and state vectors
/// of the vector corpus, produced by yjs 13.6.33) in every message type a client sends — sync step 1/2, update,
/// awareness, query-awareness, auth — half of it mutated with <see cref="Mutator"/>, plus random bytes, text frames and
/// frames split into fragments. Deterministic for a seed.</summary>
internal sealed class FuzzFrames(int seed)
{
    private static readonly Lazy<byte[][]> Updates = new(() => YjsVectors.All.Updates.Select(u => u.V1)
        .Concat(YjsVectors.All.Merge.SelectMany(m => m.Inputs))
        .Distinct()
        .Select(YServer.Tests.Vectors.Hex.Decode)
        .ToArray());

    private static readonly Lazy<byte[][]> StateVectors = new(() => YjsVectors.All.Diff.Select(d => d.StateVector)
        .Append("00")
        .Distinct()
        .Select(YServer.Tests.Vectors.Hex.Decode)
        .ToArray());

    private static readonly string[] AwarenessStates =
    [
        "{}", "null", "{\"user\":{\"name\":\"fuzz\",\"color\":\"#ff0000\"}}", "{\"cursor\":{\"anchor\":1,\"head\":2}}", "[1,2,3]", "\"x\"", "{\"a\":",
    ];

    private readonly Random _random = new(seed);
    private readonly Mutator _mutator = new(new Random(seed ^ 0x5a5a5a5a));

    public FuzzFrame Next()
    {
        var roll = _random.Next(100);
        if (roll < 3)
        {
            return new FuzzFrame(Encoding.UTF8.GetBytes(AwarenessStates[_random.Next(AwarenessStates.Length)]), IsText: true, Fragments: 1, MayClose: true);
        }

        if (roll < 7)
        {
            var noise = new byte[_random.Next(1, 200)];
            _random.NextBytes(noise);
            return new FuzzFrame(noise, IsText: false, Fragments: 1, MayClose: true);
        }

        var frame = RealFrame();
        var mutated = _random.Next(2) == 0;
        if (mutated)
        {
            frame = _mutator.Mutate(frame);
        }

        var fragments = frame.Length > 1 && _random.Next(20) == 0 ? _random.Next(2, Math.Min(5, frame.Length) + 1) : 1;
        return new FuzzFrame(frame, IsText: false, fragments, MayClose: mutated);
    }

    private byte[] RealFrame()
    {
        switch (_random.Next(12))
        {
            case 0:
            case 1:
                return Wire.SyncStep1(Pick(StateVectors.Value));
            case 2:
            case 3:
                return Wire.SyncStep2(Pick(Updates.Value));
            case 4:
            case 5:
            case 6:
                return Wire.SyncUpdate(Pick(Updates.Value));
            case 7:
            case 8:
                return Wire.Awareness((ulong)_random.Next(1, 1 << 30), (ulong)_random.Next(0, 100), _random.Next(8) == 0 ? null : Pick(AwarenessStates));
            case 9:
                return Wire.QueryAwareness;
            case 10:
                // auth: permission denied with a reason (y-protocols auth.js)
                return [2, 0, .. Wire.VarUInt(6), .. "denied"u8];
            default:
                // an outer message type y-protocols does not define (the server ignores it)
                return [(byte)_random.Next(4, 256), .. Pick(Updates.Value)];
        }
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}

/// <summary>One frame: its bytes, whether it goes as a text frame, into how many WebSocket fragments it is split, and
/// whether it is likely to get the connection closed (mutated, random, text).</summary>
internal sealed record FuzzFrame(byte[] Bytes, bool IsText, int Fragments, bool MayClose);
