namespace YServer.Yjs.Gc;

internal enum SnapshotStructKind : byte
{
    Gc,
    Skip,
    Item,
}
