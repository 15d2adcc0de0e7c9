using YServer.Lib0;

namespace YServer.Tests.Yjs;

/// <summary>Test-side reading of a v1 update's shape: which clocks its structs cover (GC, items and Skips
/// alike, per client) and its delete-set bytes. Independent of the production parser on purpose.</summary>
internal static class UpdateShape
{
    public static List<(ulong Client, ulong Start, ulong End, bool Skip)> Coverage(byte[] update)
    {
        var reader = new Lib0Reader(update);
        var ranges = new List<(ulong Client, ulong Start, ulong End, bool Skip)>();
        ReadStructs(ref reader, ranges);
        // merge adjacent ranges of one kind so splitting and GC merging do not matter
        ranges.Sort();
        var merged = new List<(ulong Client, ulong Start, ulong End, bool Skip)>();
        foreach (var r in ranges)
        {
            if (merged.Count > 0 && merged[^1].Client == r.Client && merged[^1].End == r.Start && merged[^1].Skip == r.Skip)
            {
                merged[^1] = (r.Client, merged[^1].Start, r.End, r.Skip);
            }
            else
            {
                merged.Add(r);
            }
        }

        return merged;
    }

    public static byte[] DeleteSetBytes(byte[] update)
    {
        var reader = new Lib0Reader(update);
        ReadStructs(ref reader, []);
        return reader.RemainingSpan.ToArray();
    }

    private static void ReadStructs(ref Lib0Reader reader, List<(ulong, ulong, ulong, bool)> ranges)
    {
        var sections = reader.ReadVarUInt();
        for (ulong s = 0; s < sections; s++)
        {
            var count = reader.ReadVarUInt();
            var client = reader.ReadVarUInt();
            var clock = reader.ReadVarUInt();
            for (ulong i = 0; i < count; i++)
            {
                var info = reader.ReadByte();
                ulong length;
                if ((info & 0x1f) is 0 or 10)
                {
                    length = reader.ReadVarUInt();
                }
                else
                {
                    if ((info & 0x80) != 0)
                    {
                        reader.ReadVarUInt();
                        reader.ReadVarUInt();
                    }

                    if ((info & 0x40) != 0)
                    {
                        reader.ReadVarUInt();
                        reader.ReadVarUInt();
                    }

                    if ((info & 0xc0) == 0)
                    {
                        if (reader.ReadVarUInt() == 1)
                        {
                            reader.ReadVarString();
                        }
                        else
                        {
                            reader.ReadVarUInt();
                            reader.ReadVarUInt();
                        }

                        if ((info & 0x20) != 0)
                        {
                            reader.ReadVarString();
                        }
                    }

                    length = (info & 0x1f) switch
                    {
                        1 => reader.ReadVarUInt(),
                        2 => SkipStrings(ref reader),
                        3 => Skip(reader.ReadVarBytes()),
                        4 => (ulong)reader.ReadVarString().Length,
                        5 => Skip(reader.ReadVarBytes()),
                        6 => Skip(reader.ReadVarBytes()) + Skip(reader.ReadVarBytes()) - 1,
                        7 => SkipType(ref reader),
                        8 => SkipAnys(ref reader),
                        9 => Skip(reader.ReadVarBytes()) + Skip(reader.SkipAny()) - 1,
                        _ => throw new InvalidDataException("content ref"),
                    };
                }

                ranges.Add((client, clock, clock + length, info == 10));
                clock += length;
            }
        }
    }

    private static ulong Skip(ReadOnlySpan<byte> ignored) => 1;

    private static ulong SkipStrings(ref Lib0Reader reader)
    {
        var n = reader.ReadVarUInt();
        for (ulong i = 0; i < n; i++)
        {
            reader.ReadVarBytes();
        }

        return n;
    }

    private static ulong SkipAnys(ref Lib0Reader reader)
    {
        var n = reader.ReadVarUInt();
        for (ulong i = 0; i < n; i++)
        {
            reader.SkipAny();
        }

        return n;
    }

    private static ulong SkipType(ref Lib0Reader reader)
    {
        var typeRef = reader.ReadVarUInt();
        if (typeRef is 3 or 5)
        {
            reader.ReadVarBytes();
        }

        return 1;
    }
}
