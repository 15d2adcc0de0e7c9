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
        // Sized from the section headers as they come (their counts are already bounded by the bytes left), so
        // a keystroke update holds one struct, not a guessed four.
        List<UpdateStruct>? structs = null;
        for (var s = 0; s < sectionCount; s++)
        {
            reader.ReadSectionHeader(out var structCount, out var client, out var clock);
            structs ??= new List<UpdateStruct>(structCount);
            sections.Add(new UpdateSection(client, clock, structs.Count, structCount));
            structs.EnsureCapacity(structs.Count + structCount);
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

        return new DecodedUpdate(update, sections, structs ?? [], deleteSet);
    }
}
