using LiteDB;

namespace YServer.Storage.LiteDb;

/// <summary>
/// Queries over the <c>_id</c> index (<see cref="RecordKey"/>s) with the keys passed as parameters.
/// </summary>
/// <remarks>
/// LiteDB's <c>Query.Between</c> and <c>Query.GT</c> write the value into the expression text, and LiteDB compiles
/// every distinct expression text (a LINQ expression tree turned into a dynamic method, about a millisecond) and keeps
/// it in a static cache forever. With keys in the text that meant one compilation per room load, per metadata read and
/// per step of a room listing, and a cache that grew with every room ever opened. With <c>@0</c>/<c>@1</c> the text is
/// always the same: compiled once per process, and the index range is chosen just the same.
/// </remarks>
internal static class KeyRange
{
    /// <summary>Keys from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public static BsonExpression Between(byte[] first, byte[] last) =>
        BsonExpression.Create("_id BETWEEN @0 AND @1", new BsonValue(first), new BsonValue(last));

    /// <summary>Keys greater than <paramref name="key"/>.</summary>
    public static BsonExpression After(BsonValue key) => BsonExpression.Create("_id > @0", key);
}
