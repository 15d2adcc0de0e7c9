using System.Text.Json;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

/// <summary><see cref="V8ArraySort"/> against node: <c>Vectors/v8-sort-cases.json</c> holds, per seeded array,
/// the hash of the permutation node's <c>Array.prototype.sort</c> produced with yjs's inconsistent merge
/// comparator (generator: <c>Vectors/gen-v8-sort-cases.mjs</c>).</summary>
public class V8ArraySortTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "v8-sort-cases.json");
        var rows = JsonSerializer.Deserialize<long[][]>(File.ReadAllText(path))!;
        return rows.Select(r => new TestCaseData((uint)r[0], (int)r[1], (int)r[2], (int)r[3], (uint)r[4])
            .SetArgDisplayNames($"seed {r[0]}, n {r[1]}, keys {r[2]}, mode {r[3]}"));
    }

    [TestCaseSource(nameof(Cases))]
    public void Sort_WithYjsMergeComparator_MatchesNode(uint seed, int length, int keyRange, int mode, uint expectedHash)
    {
        var items = Make(seed, length, keyRange, mode);

        V8ArraySort.Sort(items, items.Length, static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Kind == b.Kind ? 0 : -1);

        Assert.That(Fnv1a(items), Is.EqualTo(expectedHash));
    }

    [Test]
    public void Sort_ConsistentComparator_IsStable()
    {
        var random = new Random(5);
        var items = Enumerable.Range(0, 5_000).Select(i => new Element(i, random.Next(20), 0)).ToArray();

        V8ArraySort.Sort(items, items.Length, static (a, b) => a.Key.CompareTo(b.Key));

        var expected = items.OrderBy(e => e.Key).ThenBy(e => e.Index).ToArray();
        Assert.That(items, Is.EqualTo(expected));
    }

    private static Element[] Make(uint seed, int length, int keyRange, int mode)
    {
        var next = Mulberry32(seed);
        var items = new Element[length];
        for (var i = 0; i < length; i++)
        {
            var key = (int)((next() * (ulong)keyRange) >> 32);
            var kind = (int)((next() * 2UL) >> 32);
            items[i] = new Element(i, key, kind);
        }

        if (mode == 1)
        {
            items = [.. items.OrderBy(e => e.Key).ThenBy(e => e.Index)];
            items = [items[^1], .. items[..^1]];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = items[i] with { Index = i };
            }
        }

        return items;
    }

    /// <summary>The mulberry32 PRNG; returns the raw 32-bit output (JS divides it by 2^32).</summary>
    private static Func<ulong> Mulberry32(uint seed)
    {
        var a = seed;
        return () =>
        {
            a += 0x6D2B79F5;
            var t = (a ^ (a >> 15)) * (1 | a);
            t = (t + ((t ^ (t >> 7)) * (61 | t))) ^ t;
            return t ^ (t >> 14);
        };
    }

    private static uint Fnv1a(Element[] items)
    {
        var hash = 0x811c9dc5u;
        foreach (var item in items)
        {
            hash ^= (uint)item.Index;
            hash *= 0x01000193;
        }

        return hash;
    }

    private readonly record struct Element(int Index, int Key, int Kind);
}
