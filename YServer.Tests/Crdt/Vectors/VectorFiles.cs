using System.IO.Compression;
using System.Text.Json.Nodes;

namespace YServer.Tests.Crdt.Vectors;

/// <summary>The data files of <c>YServer.Tests/Crdt/Vectors/</c> (made by <c>Interop/node/gen-crdt-vectors.mjs</c>
/// with real yjs 13.6.33), read from the source tree.</summary>
internal static class VectorFiles
{
    private static readonly Lazy<JsonObject> CrossImplementation = new(() => JsonNode.Parse(File.ReadAllText(Locate("cross-impl-vectors.json")))!.AsObject());

    /// <summary><c>cross-impl-vectors.json</c>: vectors, and yjs's doc-level answers for yjs-vectors.json.</summary>
    public static JsonObject CrossImplementationVectors => CrossImplementation.Value;

    public static byte[] ReadGzip(string fileName)
    {
        using var file = File.OpenRead(Locate(fileName));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    private static string Locate(string fileName)
    {
        var relative = Path.Combine("YServer.Tests", "Crdt", "Vectors", fileName);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"no {relative} above {AppContext.BaseDirectory}");
    }
}
