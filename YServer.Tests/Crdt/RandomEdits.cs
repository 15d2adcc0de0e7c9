using YServer.Crdt;

namespace YServer.Tests.Crdt;

/// <summary>Random local edits on a C# document's array "a" and map "m" (and the arrays and maps nested in
/// them): inserts, pushes, deletes, map sets and deletes, with JSON values, bytes, bigints and prelim types.</summary>
internal static class RandomEdits
{
    private static readonly string[] Keys = ["k0", "k1", "k2", "k3", "ü", "😀", "10"];

    public static void Apply(Random rng, Transaction transaction)
    {
        var doc = transaction.Doc;
        var arrays = new List<YArray>();
        var maps = new List<YMap>();
        Collect(doc.GetArray("a"), arrays, maps);
        Collect(doc.GetMap("m"), arrays, maps);
        if (rng.Next(2) == 0)
        {
            EditArray(rng, transaction, arrays[rng.Next(arrays.Count)]);
        }
        else
        {
            EditMap(rng, transaction, maps[rng.Next(maps.Count)]);
        }
    }

    public static YValue RandomValue(Random rng, int depth = 0)
    {
        switch (rng.Next(depth > 1 ? 7 : 9))
        {
            case 0: return YValue.Null;
            case 1: return YValue.FromBoolean(rng.Next(2) == 0);
            case 2: return YValue.FromNumber(rng.Next(-1000, 100000));
            case 3: return YValue.FromNumber(Math.Round(rng.NextDouble() * 1000, rng.Next(0, 6)) - 500);
            case 4: return YValue.FromString(RandomString(rng));
            case 5: return YValue.FromBytes([.. Enumerable.Range(0, rng.Next(0, 5)).Select(_ => (byte)rng.Next(256))]);
            case 6: return YValue.FromString(rng.Next(4) == 0 ? "😀x" : "ab");
            case 7: return YValue.FromArray(Enumerable.Range(0, rng.Next(0, 4)).Select(_ => RandomValue(rng, depth + 1)).ToList());
            default:
                return YValue.FromObject(Enumerable.Range(0, rng.Next(0, 4))
                    .Select(_ => new KeyValuePair<string, YValue>(Keys[rng.Next(Keys.Length)], RandomValue(rng, depth + 1))).ToList());
        }
    }

    private static string RandomString(Random rng)
    {
        string[] alphabet = ["a", "b", "c", "x", "y", "ä", "é", "€", "😀", " ", "\"", "\\", "\n"];
        var length = rng.Next(0, 6);
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[rng.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static object RandomContent(Random rng, bool forMap)
    {
        switch (rng.Next(12))
        {
            case 0:
                return new YArray(Enumerable.Range(0, rng.Next(0, 3)).Select(_ => (object)RandomValue(rng, 1)).ToList());
            case 1:
                return new YMap(Enumerable.Range(0, rng.Next(0, 3))
                    .Select(_ => new KeyValuePair<string, object>(Keys[rng.Next(Keys.Length)], RandomValue(rng, 1))).ToList());
            case 2 when forMap:
                return rng.Next(2) == 0 ? YValue.Undefined : YValue.FromBigInt(rng.NextInt64(long.MinValue, long.MaxValue));
            default:
                return RandomValue(rng);
        }
    }

    private static void EditArray(Random rng, Transaction transaction, YArray array)
    {
        var op = rng.Next(10);
        if (op < 4 || array.Length == 0)
        {
            var content = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => RandomContent(rng, forMap: false)).ToList();
            array.Insert(transaction, rng.Next(array.Length + 1), content);
        }
        else if (op < 6)
        {
            array.Push(transaction, Enumerable.Range(0, rng.Next(1, 3)).Select(_ => RandomContent(rng, forMap: false)).ToList());
        }
        else
        {
            var index = rng.Next(array.Length);
            array.Delete(transaction, index, rng.Next(1, Math.Min(3, array.Length - index) + 1));
        }
    }

    private static void EditMap(Random rng, Transaction transaction, YMap map)
    {
        var key = Keys[rng.Next(Keys.Length)];
        if (rng.Next(4) == 0)
        {
            map.Delete(transaction, key);
        }
        else
        {
            map.Set(transaction, key, RandomContent(rng, forMap: true));
        }
    }

    private static void Collect(AbstractType type, List<YArray> arrays, List<YMap> maps)
    {
        IEnumerable<object> children;
        switch (type)
        {
            case YArray array:
                arrays.Add(array);
                children = array.ToArray();
                break;
            case YMap map:
                maps.Add(map);
                children = map.Keys.Select(k => map.Get(k)!);
                break;
            default:
                return;
        }

        foreach (var child in children)
        {
            if (child is AbstractType nested)
            {
                Collect(nested, arrays, maps);
            }
        }
    }
}
