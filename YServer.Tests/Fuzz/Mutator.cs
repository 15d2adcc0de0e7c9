namespace YServer.Tests.Fuzz;

/// <summary>Byte-level mutations that tend to hit decoder edge cases: bit flips, truncation, inflated length
/// prefixes, duplicated tails, random bytes.</summary>
public sealed class Mutator(Random random)
{
    private static readonly byte[][] Interesting =
    [
        [0x00], [0x01], [0x7f], [0x80], [0xff], [0x0a], [0x20], [0x40],
        [0xff, 0xff, 0xff, 0xff, 0x0f],
        [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f],
        [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10],
        [0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f],
        [0x75, 0x01, 0x75, 0x01, 0x75, 0x01],
        [0xf0, 0x9f, 0x98, 0x80],
        [0xed, 0xa0, 0x80],
    ];

    public byte[] Mutate(byte[] input)
    {
        var data = new List<byte>(input);
        var rounds = 1 + random.Next(3);
        for (var r = 0; r < rounds; r++)
        {
            switch (random.Next(10))
            {
                case 0 when data.Count > 0:
                {
                    var at = random.Next(data.Count);
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                }

                case 1 when data.Count > 0:
                {
                    var keep = random.Next(data.Count);
                    data.RemoveRange(keep, data.Count - keep);
                    break;
                }
                case 2 when data.Count > 0:
                {
                    // Inflate what may be a length or count prefix.
                    var at = random.Next(data.Count);
                    data[at] = (byte)(data[at] | 0x80);
                    data.Insert(Math.Min(at + 1, data.Count), (byte)random.Next(1, 256));
                    break;
                }

                case 3 when data.Count > 0:
                {
                    var from = random.Next(data.Count);
                    data.AddRange(data.GetRange(from, data.Count - from));
                    break;
                }

                case 4:
                {
                    var bytes = new byte[random.Next(1, 48)];
                    random.NextBytes(bytes);
                    return bytes;
                }

                case 5 when data.Count > 0:
                    data[random.Next(data.Count)] = (byte)random.Next(256);
                    break;
                case 6:
                    data.InsertRange(random.Next(data.Count + 1), Interesting[random.Next(Interesting.Length)]);
                    break;
                case 7 when data.Count > 0:
                    data.RemoveAt(random.Next(data.Count));
                    break;
                case 8 when data.Count > 1:
                {
                    var at = random.Next(data.Count);
                    var length = Math.Min(data.Count - at, 1 + random.Next(8));
                    var chunk = data.GetRange(at, length);
                    data.InsertRange(random.Next(data.Count + 1), chunk);
                    break;
                }

                default:
                    if (data.Count > 0)
                    {
                        data[random.Next(data.Count)] = Interesting[random.Next(Interesting.Length)][0];
                    }

                    break;
            }
        }

        return [.. data];
    }
}
