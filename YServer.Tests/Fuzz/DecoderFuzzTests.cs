using System.Diagnostics;
using YServer.Lib0;
using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Fuzz;

/// <summary>Fixed-seed mutation run over every decoder: arbitrary bytes either decode or throw
/// <see cref="YProtocolException"/>, never anything else, never slowly, never with a huge allocation.</summary>
public class DecoderFuzzTests
{
    private const int Iterations = 100_000;
    // Generous: the machine is shared; a hang or a quadratic blow-up on these small inputs takes far longer.
    private static readonly TimeSpan SlowCall = TimeSpan.FromSeconds(2);

    [Test]
    [CancelAfter(60_000)]
    public void Decoders_OnMutatedUpdates_ThrowOnlyProtocolExceptions()
    {
        var seed = FuzzSeed.Value;
        var random = new Random(seed);
        var mutator = new Mutator(random);
        var corpus = Corpus();
        var stateVectors = YjsVectors.All.Diff.Select(d => Hex.Decode(d.StateVector)).Distinct().ToArray();
        var stats = new FuzzStats();
        var stopwatch = Stopwatch.StartNew();

        for (var i = 0; i < Iterations; i++)
        {
            var original = corpus[random.Next(corpus.Length)];
            var mutated = mutator.Mutate(original);
            var other = corpus[random.Next(corpus.Length)];
            var stateVector = random.Next(4) == 0 ? mutator.Mutate(stateVectors[random.Next(stateVectors.Length)]) : stateVectors[random.Next(stateVectors.Length)];
            try
            {
                RunAll(mutated, other, stateVector, stats, threeWay: (i & 7) == 0);
            }
            catch (Exception e) when (e is not AssertionException)
            {
                Assert.Fail($"seed {seed} (YSERVER_TEST_SEED), iteration {i}: {e.GetType().Name} on input {Hex.Encode(mutated)} (other {Hex.Encode(other)}, sv {Hex.Encode(stateVector)}): {e}");
            }
        }

        TestContext.Out.WriteLine($"seed {seed}: {Iterations} inputs in {stopwatch.Elapsed.TotalSeconds:F1} s; validated {stats.Accepted}, rejected {stats.Rejected}, slowest call {stats.Slowest.TotalMilliseconds:F1} ms");
        Assert.That(stats.Accepted, Is.GreaterThan(0), $"seed {seed}: mutations never produced a valid update");
    }

    private static void RunAll(byte[] mutated, byte[] other, byte[] stateVector, FuzzStats stats, bool threeWay)
    {
        var summary = Guard(mutated, () => YUpdate.Validate(mutated), stats);
        if (summary is null)
        {
            stats.Rejected++;
        }
        else
        {
            stats.Accepted++;
            var coverage = new DocumentCoverage();
            coverage.Add(summary);
            _ = coverage.AddsSomethingNew(summary);
            _ = coverage.EncodeStateVector();
            // A valid update must also re-encode through the model byte for byte when canonical.
            var encoded = UpdateV1Encoder.Encode(UpdateV1Decoder.Decode(mutated, strict: true));
            Assert.That(UpdateV1Encoder.Encode(UpdateV1Decoder.Decode(encoded, strict: true)), Is.EqualTo(encoded), () => $"re-encoding is not stable for {Hex.Encode(mutated)}");

            // Whatever the server accepted, it can merge and diff without failing, and the result is valid again.
            if (IsValid(other))
            {
                var merged = YUpdate.Merge([mutated, other]);
                Assert.That(() => YUpdate.Validate(merged), Throws.Nothing, () => $"merge of accepted {Hex.Encode(mutated)} with {Hex.Encode(other)} gave invalid {Hex.Encode(merged)}");
            }

            var diff = YUpdate.Diff(mutated, [0]);
            Assert.That(() => YUpdate.Validate(diff), Throws.Nothing, () => $"diff of accepted {Hex.Encode(mutated)} gave invalid {Hex.Encode(diff)}");
        }

        Guard(mutated, () => YUpdate.Merge([mutated, other]), stats);
        if (threeWay)
        {
            Guard(mutated, () => YUpdate.Merge([other, mutated, other]), stats);
        }

        Guard(mutated, () => YUpdate.Diff(mutated, stateVector), stats);
        Guard(mutated, () => YUpdate.EncodeStateVectorFromUpdate(mutated), stats);
        Guard(mutated, () => StateVector.Decode(mutated), stats);
        Guard(mutated, () => UpdateV1Decoder.Decode(mutated), stats);
        Guard(mutated, () => (object)ReadPrimitives(mutated), stats);
    }

    private static bool IsValid(byte[] update)
    {
        try
        {
            YUpdate.Validate(update);
            return true;
        }
        catch (YProtocolException)
        {
            return false;
        }
    }

    private static int ReadPrimitives(byte[] bytes)
    {
        var total = 0;
        var reader = new Lib0Reader(bytes);
        total += (int)(reader.ReadVarUInt() & 1);
        total += (int)(reader.ReadVarInt() & 1);
        total += reader.ReadVarString().Length;
        total += reader.ReadVarBytes().Length;
        total += reader.SkipAny().Length;
        total += reader.ReadCount(2);
        return total;
    }

    private static T? Guard<T>(byte[] input, Func<T> action, FuzzStats stats)
        where T : class
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        T? result = null;
        try
        {
            result = action();
        }
        catch (YProtocolException)
        {
            // The one allowed failure.
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (elapsed > stats.Slowest)
        {
            stats.Slowest = elapsed;
        }

        Assert.That(elapsed, Is.LessThan(SlowCall), () => $"slow call on {Hex.Encode(input)}");
        Assert.That(allocated, Is.LessThan(1_000_000 + (input.Length * 256L)), () => $"{allocated} bytes allocated for {Hex.Encode(input)}");
        return result;
    }

    private static byte[][] Corpus()
    {
        var vectors = YjsVectors.All;
        return vectors.Updates.Select(u => u.V1)
            .Concat(vectors.Merge.SelectMany(m => m.Inputs.Append(m.Expected)))
            .Concat(vectors.Diff.SelectMany(d => new[] { d.Update, d.Expected }))
            .Concat(vectors.Malformed.Where(m => m.Format == "v1").Select(m => m.Hex))
            .Distinct()
            .Select(Hex.Decode)
            .ToArray();
    }

    private sealed class FuzzStats
    {
        public int Accepted { get; set; }

        public int Rejected { get; set; }

        public TimeSpan Slowest { get; set; }
    }
}
