namespace YServer.Admin.Edits;

/// <summary>The operations of <c>POST /api/rooms/{room}/edits</c>; their JSON names are in <see cref="EditParser"/>.</summary>
internal enum EditKind
{
    TextInsert,
    TextAppend,
    TextDelete,
    TextFormat,
    TextEmbed,
    MapSet,
    MapDelete,
    ArrayInsert,
    ArrayPush,
    ArrayDelete,
    XmlInsert,
    XmlDelete,
    XmlSetAttribute,
    XmlRemoveAttribute,
}
