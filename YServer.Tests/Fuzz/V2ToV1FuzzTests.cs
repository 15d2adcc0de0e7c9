using System.Diagnostics;
using YServer.Lib0;
using YServer.Tests.Yjs.V2;
using YServer.Yjs;

namespace YServer.Tests.Fuzz;

/// <summary>Seeded mutations of every v2 update in the vector file fed to <see cref="YUpdate.ConvertV2ToV1"/>:
/// each must either convert or throw <see cref="YProtocolException"/>, quickly and without allocating more
/// than a bound. Set <c>YSERVER_TEST_SEED</c> to replay a failure.</summary>
public class V2ToV1FuzzTests
{
    private const int Iterations = 100_000;
    private const long MaxAllocatedBytesPerCase = 64L * 1024 * 1024;
    private static readonly TimeSpan MaxTimePerCase = TimeSpan.FromSeconds(2);

    [Test]
    public void ConvertV2ToV1_MutatedVectors_ConvertOrThrowProtocolException()
    {
        var seed = SeedFromEnvironment.Get(0x5eed_0002);
        var random = new Random(seed);
        var corpus = VectorSet.AllV2Updates().ToArray();
        var converted = 0;
        var total = Stopwatch.StartNew();

        for (var i = 0; i < Iterations; i++)
        {
            var input = Mutate(random, corpus);
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            try
            {
                YUpdate.ConvertV2ToV1(input);
                converted++;
            }
            catch (YProtocolException)
            {
                // rejected: fine
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, iteration {i}, input {Convert.ToHexStringLower(input)}: {e}");
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (allocated > MaxAllocatedBytesPerCase || watch.Elapsed > MaxTimePerCase)
            {
                Assert.Fail($"seed {seed}, iteration {i}: {allocated} bytes, {watch.Elapsed} for input {Convert.ToHexStringLower(input)}");
            }
        }

        TestContext.Out.WriteLine($"seed {seed}: {Iterations} cases, {converted} converted, {total.Elapsed}");
        Assert.That(converted, Is.GreaterThan(0), $"seed {seed}: no mutation survived, the mutator is too aggressive");
    }

    private static byte[] Mutate(Random random, byte[][] corpus)
    {
        var data = new List<byte>(corpus[random.Next(corpus.Length)]);
        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(9))
            {
                case 0 when data.Count > 0: // bit flip
                    data[random.Next(data.Count)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0: // random byte
                    data[random.Next(data.Count)] = (byte)random.Next(256);
                    break;
                case 2 when data.Count > 0: // interesting byte (run markers, continuation bits, refs)
                    data[random.Next(data.Count)] = (byte)(random.Next(6) switch { 0 => 0x00, 1 => 0x40, 2 => 0x41, 3 => 0x7f, 4 => 0x80, _ => 0xff });
                    break;
                case 3 when data.Count > 0: // truncate
                    data = data.Take(random.Next(data.Count + 1)).ToList();
                    break;
                case 4: // insert random bytes
                {
                    var at = random.Next(data.Count + 1);
                    var count = 1 + random.Next(4);
                    for (var k = 0; k < count; k++)
                    {
                        data.Insert(at, (byte)random.Next(256));
                    }

                    break;
                }

                case 5 when data.Count > 1: // delete a slice
                {
                    var at = random.Next(data.Count);
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(8)));
                    break;
                }

                case 6 when data.Count > 1: // duplicate a slice
                {
                    var at = random.Next(data.Count);
                    var slice = data.GetRange(at, Math.Min(data.Count - at, 1 + random.Next(16)));
                    data.InsertRange(random.Next(data.Count + 1), slice);
                    break;
                }

                case 7: // splice with another vector
                {
                    var other = corpus[random.Next(corpus.Length)];
                    var cut = random.Next(data.Count + 1);
                    var from = random.Next(other.Length + 1);
                    data = data.Take(cut).Concat(other.Skip(from)).ToList();
                    break;
                }

                case 8 when data.Count > 0: // inflate a varint: set continuation bits
                {
                    var at = random.Next(data.Count);
                    data[at] |= 0x80;
                    break;
                }

                default:
                    break;
            }
        }

        return [.. data];
    }
}
