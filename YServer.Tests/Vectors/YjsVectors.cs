using System.Text.Json;
using System.Text.Json.Serialization;

namespace YServer.Tests.Vectors;

/// <summary>Typed view of <c>yjs-vectors.json</c> (schema: shared/testdata/README.md). Loaded once.</summary>
public sealed class YjsVectors
{
    private static readonly Lazy<YjsVectors> Instance = new(Load);

    public static YjsVectors All => Instance.Value;

    [JsonPropertyName("lib0")]
    public required Lib0Vectors Lib0 { get; init; }

    [JsonPropertyName("updates")]
    public required IReadOnlyList<UpdateVector> Updates { get; init; }

    [JsonPropertyName("merge")]
    public required IReadOnlyList<MergeVector> Merge { get; init; }

    [JsonPropertyName("diff")]
    public required IReadOnlyList<DiffVector> Diff { get; init; }

    [JsonPropertyName("malformed")]
    public required IReadOnlyList<MalformedVector> Malformed { get; init; }

    private static YjsVectors Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "yjs-vectors.json");
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<YjsVectors>(stream)
            ?? throw new InvalidDataException("empty vector file");
    }
}

public sealed record Lib0Vectors
{
    [JsonPropertyName("varUint")]
    public required IReadOnlyList<NumberVector> VarUint { get; init; }

    [JsonPropertyName("varInt")]
    public required IReadOnlyList<NumberVector> VarInt { get; init; }

    [JsonPropertyName("varString")]
    public required IReadOnlyList<StringVector> VarString { get; init; }

    [JsonPropertyName("varUint8Array")]
    public required IReadOnlyList<BytesVector> VarUint8Array { get; init; }

    [JsonPropertyName("any")]
    public required IReadOnlyList<AnyVector> Any { get; init; }

    [JsonPropertyName("decodeEdgeCases")]
    public required IReadOnlyList<EdgeCaseVector> DecodeEdgeCases { get; init; }
}

/// <summary><c>value</c> is a number or the string "-0".</summary>
public sealed record NumberVector
{
    [JsonPropertyName("value")]
    public required JsonElement Value { get; init; }

    [JsonPropertyName("hex")]
    public required string Hex { get; init; }

    public bool IsNegativeZero => Value.ValueKind == JsonValueKind.String && Value.GetString() == "-0";

    public long AsInt64 => IsNegativeZero ? 0 : Value.GetInt64();

    public string Name => $"{(IsNegativeZero ? "-0" : Value.GetRawText())} = {Hex}";
}

public sealed record StringVector
{
    /// <summary>Kept raw: some values hold lone surrogates, which System.Text.Json refuses to turn into a string.</summary>
    [JsonPropertyName("value")]
    public required JsonElement RawValue { get; init; }

    /// <summary>The UTF-16 value, lone surrogates included.</summary>
    public string Value => JsonStringLiteral.Unescape(RawValue.GetRawText());

    [JsonPropertyName("utf16Length")]
    public required int Utf16Length { get; init; }

    [JsonPropertyName("hex")]
    public required string Hex { get; init; }
}

public sealed record BytesVector
{
    [JsonPropertyName("valueHex")]
    public required string ValueHex { get; init; }

    [JsonPropertyName("hex")]
    public required string Hex { get; init; }
}

public sealed record AnyVector
{
    [JsonPropertyName("desc")]
    public required string Desc { get; init; }

    [JsonPropertyName("tag")]
    public required int Tag { get; init; }

    [JsonPropertyName("hex")]
    public required string Hex { get; init; }
}

public sealed record EdgeCaseVector
{
    [JsonPropertyName("reader")]
    public required string Reader { get; init; }

    [JsonPropertyName("hex")]
    public required string Hex { get; init; }

    [JsonPropertyName("desc")]
    public required string Desc { get; init; }

    [JsonPropertyName("lib0")]
    public required EdgeCaseResult Lib0 { get; init; }
}

public sealed record EdgeCaseResult
{
    [JsonPropertyName("ok")]
    public required bool Ok { get; init; }

    [JsonPropertyName("value")]
    public JsonElement Value { get; init; }

    [JsonPropertyName("bytesConsumed")]
    public int? BytesConsumed { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

public sealed record UpdateVector
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("v1")]
    public required string V1 { get; init; }

    [JsonPropertyName("v2")]
    public required string V2 { get; init; }

    [JsonPropertyName("v2ToV1")]
    public required string V2ToV1 { get; init; }

    [JsonPropertyName("stateVectorFromUpdate")]
    public required string StateVectorFromUpdate { get; init; }

    [JsonPropertyName("docStateVectorAfterApply")]
    public required string DocStateVectorAfterApply { get; init; }

    [JsonPropertyName("structs")]
    public required IReadOnlyList<SectionVector> Structs { get; init; }

    [JsonPropertyName("deleteSet")]
    public required IReadOnlyList<DeleteSetVector> DeleteSet { get; init; }

    public override string ToString() => Name;
}

public sealed record SectionVector
{
    [JsonPropertyName("client")]
    public required long Client { get; init; }

    [JsonPropertyName("startClock")]
    public required long StartClock { get; init; }

    [JsonPropertyName("structs")]
    public required IReadOnlyList<StructVector> Structs { get; init; }
}

public sealed record StructVector
{
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    [JsonPropertyName("clock")]
    public required long Clock { get; init; }

    [JsonPropertyName("length")]
    public required long Length { get; init; }

    [JsonPropertyName("info")]
    public required int Info { get; init; }

    [JsonPropertyName("contentRef")]
    public int? ContentRef { get; init; }

    [JsonPropertyName("origin")]
    public IReadOnlyList<long>? Origin { get; init; }

    [JsonPropertyName("rightOrigin")]
    public IReadOnlyList<long>? RightOrigin { get; init; }

    [JsonPropertyName("parent")]
    public ParentVector? Parent { get; init; }

    [JsonPropertyName("parentSub")]
    public string? ParentSub { get; init; }
}

public sealed record ParentVector
{
    [JsonPropertyName("root")]
    public string? Root { get; init; }

    [JsonPropertyName("id")]
    public IReadOnlyList<long>? Id { get; init; }
}

public sealed record DeleteSetVector
{
    [JsonPropertyName("client")]
    public required long Client { get; init; }

    [JsonPropertyName("ranges")]
    public required IReadOnlyList<IReadOnlyList<long>> Ranges { get; init; }
}

public sealed record MergeVector
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("note")]
    public required string Note { get; init; }

    [JsonPropertyName("inputs")]
    public required IReadOnlyList<string> Inputs { get; init; }

    [JsonPropertyName("expected")]
    public required string Expected { get; init; }

    [JsonPropertyName("expectedStateVectorFromUpdate")]
    public required string ExpectedStateVectorFromUpdate { get; init; }

    public override string ToString() => Name;
}

public sealed record DiffVector
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("note")]
    public required string Note { get; init; }

    [JsonPropertyName("update")]
    public required string Update { get; init; }

    [JsonPropertyName("stateVector")]
    public required string StateVector { get; init; }

    [JsonPropertyName("expected")]
    public required string Expected { get; init; }

    public override string ToString() => Name;
}

public sealed record MalformedVector
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("format")]
    public required string Format { get; init; }

    [JsonPropertyName("hex")]
    public required string Hex { get; init; }

    [JsonPropertyName("reason")]
    public required string Reason { get; init; }

    [JsonPropertyName("recommendedServerAction")]
    public required string RecommendedServerAction { get; init; }

    public bool ShouldReject => RecommendedServerAction == "reject";

    public override string ToString() => Name;
}
