namespace YServer.Yjs;

/// <summary>Decodes a v1 update into a <see cref="DecodedUpdate"/>. Memory is proportional to the input: the
/// model keeps ranges into the input instead of copies.</summary>
public static class UpdateV1Decoder
{
    /// <summary>Decodes <paramref name="update"/>. With <paramref name="strict"/> the rules of
    /// <see cref="YUpdate.Validate(ReadOnlySpan{byte})"/> apply (JSON, origins, trailing bytes, …); without it
    /// the input only has to be structurally sound, like yjs's lazy readers require, and bytes after the delete
    /// set are ignored.</summary>
    /// <exception cref="Lib0.YProtocolException">The bytes are not a v1 update.</exception>
    public static DecodedUpdate Decode(ReadOnlyMemory<byte> update, bool strict = false, YjsLimits? limits = null)
    {
        var reader = new UpdateV1Reader(update.Span, limits ?? YjsLimits.Default, strict);
        var sectionCount = reader.ReadSectionCount();
        var sections = new List<UpdateSection>(sectionCount);
        // At least two bytes per struct; never trust a count beyond what the input can hold.
        var structs = new List<UpdateStruct>(Math.Min(sectionCount * 4, update.Length / 2));
        for (var s = 0; s < sectionCount; s++)
        {
            reader.ReadSectionHeader(out var structCount, out var client, out var clock);
            sections.Add(new UpdateSection(client, clock, structs.Count, structCount));
            for (var i = 0; i < structCount; i++)
            {
                var item = reader.ReadStruct(client, clock);
                structs.Add(item);
                clock = item.End;
            }
        }

        var deleteSet = new DeleteSet();
        reader.ReadDeleteSet(deleteSet);
        if (strict)
        {
            reader.ReadEnd();
        }

        return new DecodedUpdate(update, sections, structs, deleteSet);
    }
}
