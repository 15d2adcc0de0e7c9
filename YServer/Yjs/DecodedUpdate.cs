using System.Runtime.InteropServices;

namespace YServer.Yjs;

/// <summary>A v1 update decoded into the lightweight model: sections in wire order, every struct (Skips
/// included) with its header values and byte ranges into <see cref="Source"/>, and the delete set.
/// Build one with <see cref="UpdateV1Decoder"/>; write it back with <see cref="UpdateV1Encoder"/>.</summary>
public sealed class DecodedUpdate
{
    private readonly List<UpdateSection> _sections;
    private readonly List<UpdateStruct> _structs;

    public DecodedUpdate(ReadOnlyMemory<byte> source, List<UpdateSection> sections, List<UpdateStruct> structs, DeleteSet deleteSet)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(structs);
        ArgumentNullException.ThrowIfNull(deleteSet);
        Source = source;
        _sections = sections;
        _structs = structs;
        DeleteSet = deleteSet;
    }

    /// <summary>The buffer every <see cref="ByteRange"/> of the structs refers to.</summary>
    public ReadOnlyMemory<byte> Source { get; }

    public IReadOnlyList<UpdateSection> Sections => _sections;

    /// <summary>All structs in wire order.</summary>
    public IReadOnlyList<UpdateStruct> Structs => _structs;

    public DeleteSet DeleteSet { get; }

    /// <summary>The structs as a span, for hot loops.</summary>
    public ReadOnlySpan<UpdateStruct> StructSpan => CollectionsMarshal.AsSpan(_structs);

    /// <summary>The structs of one section.</summary>
    public ReadOnlySpan<UpdateStruct> StructsOf(UpdateSection section) =>
        StructSpan.Slice(section.FirstStruct, section.StructCount);
}
