using System.Buffers;
using System.Text.Json;
using YServer.Lib0;
using YServer.Tests.Vectors;

namespace YServer.Tests.Lib0;

/// <summary>The <c>lib0</c> section of the vectors: every primitive encoding both ways, and the decoder edge
/// cases, where yserver is deliberately stricter than lib0 (values above 2^53 − 1, an empty varInt).</summary>
public class Lib0VectorTests
{
    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.VarUints))]
    public void ReadVarUInt_DecodesLib0Encoding(NumberVector vector)
    {
        var reader = new Lib0Reader(Hex.Decode(vector.Hex));

        var value = reader.ReadVarUInt();

        Assert.That((value, reader.IsAtEnd), Is.EqualTo(((ulong)vector.AsInt64, true)));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.VarUints))]
    public void WriteVarUInt_MatchesLib0(NumberVector vector)
    {
        var output = new ArrayBufferWriter<byte>();

        new Lib0Writer(output).WriteVarUInt((ulong)vector.AsInt64);

        Assert.That(Hex.Encode(output.WrittenSpan), Is.EqualTo(vector.Hex));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.VarInts))]
    public void ReadVarInt_DecodesLib0Encoding(NumberVector vector)
    {
        var reader = new Lib0Reader(Hex.Decode(vector.Hex));

        var value = reader.ReadVarInt(out var negative);

        Assert.That((value, negative || value < 0, reader.IsAtEnd), Is.EqualTo((vector.AsInt64, vector.IsNegativeZero || vector.AsInt64 < 0, true)));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.VarInts))]
    public void WriteVarInt_MatchesLib0(NumberVector vector)
    {
        var output = new ArrayBufferWriter<byte>();

        new Lib0Writer(output).WriteVarInt(vector.AsInt64, vector.IsNegativeZero);

        Assert.That(Hex.Encode(output.WrittenSpan), Is.EqualTo(vector.Hex));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.VarStrings))]
    public void ReadVarString_DecodesUtf8AndUtf16Length(StringVector vector)
    {
        var bytes = Hex.Decode(vector.Hex);
        var reader = new Lib0Reader(bytes);
        var spanReader = new Lib0Reader(bytes);

        var text = reader.ReadVarString();
        spanReader.ReadVarStringUtf8(out var units);

        // Lone surrogates were written as U+FFFD, which is what decoding gives back.
        var expected = ReplaceLoneSurrogates(vector.Value);
        Assert.That((text, units, reader.IsAtEnd), Is.EqualTo((expected, vector.Utf16Length, true)));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.VarStrings))]
    public void WriteVarString_MatchesTextEncoder(StringVector vector)
    {
        var output = new ArrayBufferWriter<byte>();

        new Lib0Writer(output).WriteVarString(vector.Value);

        Assert.That(Hex.Encode(output.WrittenSpan), Is.EqualTo(vector.Hex));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.VarUint8Arrays))]
    public void VarBytes_RoundTrip(BytesVector vector)
    {
        var reader = new Lib0Reader(Hex.Decode(vector.Hex));
        var output = new ArrayBufferWriter<byte>();

        var payload = reader.ReadVarBytes().ToArray();
        new Lib0Writer(output).WriteVarBytes(payload);

        Assert.That((Hex.Encode(payload), Hex.Encode(output.WrittenSpan)), Is.EqualTo((vector.ValueHex, vector.Hex)));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.Anys))]
    public void SkipAny_ConsumesWholeValue(AnyVector vector)
    {
        var bytes = Hex.Decode(vector.Hex);
        var reader = new Lib0Reader(bytes);

        var skipped = reader.SkipAny();

        Assert.That((skipped.Length, reader.IsAtEnd, (int)bytes[0]), Is.EqualTo((bytes.Length, true, vector.Tag)));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.DecodeEdgeCases))]
    public void Reader_EdgeCase_AcceptsOnlySafeValues(EdgeCaseVector vector)
    {
        var bytes = Hex.Decode(vector.Hex);
        var expectAccept = vector.Lib0.Ok && IsSafe(vector);

        var (accepted, consumed, value) = Read(vector.Reader, bytes);

        if (expectAccept)
        {
            Assert.That((accepted, consumed), Is.EqualTo((true, vector.Lib0.BytesConsumed)));
            Assert.That(value, Is.EqualTo(ExpectedValue(vector.Lib0.Value)));
        }
        else
        {
            Assert.That(accepted, Is.False, "yserver rejects this input on purpose: " + vector.Desc);
        }
    }

    private static (bool Accepted, int Consumed, string? Value) Read(string kind, byte[] bytes)
    {
        var reader = new Lib0Reader(bytes);
        try
        {
            string value = kind switch
            {
                "varUint" => reader.ReadVarUInt().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "varInt" => FormatVarInt(ref reader),
                "varString" => reader.ReadVarString(),
                "varUint8Array" => Hex.Encode(reader.ReadVarBytes()),
                "any" => Hex.Encode(reader.SkipAny()),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
            return (true, reader.Position, value);
        }
        catch (YProtocolException)
        {
            return (false, reader.Position, null);
        }
    }

    private static string FormatVarInt(ref Lib0Reader reader)
    {
        var value = reader.ReadVarInt(out var negative);
        return value == 0 && negative ? "-0" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>lib0 accepts 2^53 and above on a varUint's last byte, and returns 0 for an empty varInt;
    /// yserver rejects both.</summary>
    private static bool IsSafe(EdgeCaseVector vector)
    {
        if (vector.Reader == "varInt" && vector.Hex.Length == 0)
        {
            return false;
        }

        var value = vector.Lib0.Value;
        return value.ValueKind != JsonValueKind.Number || value.GetDouble() <= 9007199254740991d;
    }

    private static string? ExpectedValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.String => value.GetString(),
        _ => null,
    };

    private static string ReplaceLoneSurrogates(string value)
    {
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }
}
