using System.Text.Json;

namespace YServer.Yjs;

/// <summary>Checks that UTF-8 bytes are one JSON text as JavaScript's <c>JSON.parse</c> accepts it
/// (yjs-wire-format.md §10 item 8): no comments, no trailing commas, nothing after the value.</summary>
internal static class JsonText
{
    public static bool IsValid(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        // Utf8JsonReader skips a leading BOM; JSON.parse treats U+FEFF as an unexpected token.
        if (utf8.Length >= 3 && utf8[0] == 0xef && utf8[1] == 0xbb && utf8[2] == 0xbf)
        {
            return false;
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = maxDepth,
        });
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            if (!reader.TrySkip())
            {
                return false;
            }

            // A second Read returns false at the end of the input and throws on anything after the value.
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
