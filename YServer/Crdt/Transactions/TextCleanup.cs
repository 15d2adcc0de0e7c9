namespace YServer.Crdt;

/// <summary>Hook for yjs's <c>cleanupYTextAfterTransaction</c>. The types layer (YText) implements the partial
/// method in its own file; without an implementation the call compiles away.</summary>
internal static partial class TextCleanup
{
    public static void AfterTransaction(Transaction transaction) => CleanupYTextAfterTransaction(transaction);

    static partial void CleanupYTextAfterTransaction(Transaction transaction);
}
