using System.Collections;
using System.Reflection;
using LiteDB;

namespace YServer.Storage.LiteDb;

/// <summary>
/// Keeps a write transaction that a failed commit left behind from crashing the process when it is finalized.
/// </summary>
/// <remarks>
/// LiteDB 5.0.21: when a commit fails half-way (ENOSPC while writing the log, an I/O error) the transaction stays
/// <c>Active</c> and holds pages the engine releases when it closes. Nothing disposes it, and its finalizer later tries
/// to discard those pages again: <c>LiteException: discarded page must be writable</c> is thrown on the finalizer thread,
/// which ends the process (seen in <c>DiskFaultTests</c> after a full tmpfs). The engine is closed and reopened after
/// such a failure anyway, so the transaction has nothing left to clean up; its finalizer is suppressed. LiteDB offers no
/// API for this, hence reflection over its internal transaction monitor (found by type name, so a renamed field does
/// not break it; if nothing is found, nothing is done).
/// </remarks>
internal static class AbandonedTransactions
{
    private const BindingFlags Fields = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    /// <summary>Suppresses the finalizer of every transaction the database's engine still tracks (all of them, and the
    /// calling thread's). Returns how many; call on the thread that ran the failed transaction, before closing.</summary>
    public static int Suppress(LiteDatabase database)
    {
        try
        {
            var engine = FindByTypeName(database, "LiteEngine");
            var monitor = engine is null ? null : FindByTypeName(engine, "TransactionMonitor");
            if (monitor is null)
            {
                return 0;
            }

            var found = new HashSet<object>(ReferenceEqualityComparer.Instance);
            foreach (var field in monitor.GetType().GetFields(Fields))
            {
                switch (field.GetValue(monitor))
                {
                    case IDictionary dictionary:
                        foreach (var value in dictionary.Values)
                        {
                            AddIfTransaction(value, found);
                        }

                        break;
                    case { } other when other.GetType().IsGenericType && other.GetType().GetGenericTypeDefinition() == typeof(ThreadLocal<>):
                        AddIfTransaction(other.GetType().GetProperty("Value")?.GetValue(other), found);
                        break;
                }
            }

            foreach (var transaction in found)
            {
#pragma warning disable CA1816 // deliberate: the object is LiteDB's, and its own Dispose can no longer run safely
                GC.SuppressFinalize(transaction);
#pragma warning restore CA1816
            }

            return found.Count;
        }
        catch (Exception ex) when (ex is TargetInvocationException or ObjectDisposedException or InvalidOperationException or MemberAccessException)
        {
            return 0;
        }
    }

    private static void AddIfTransaction(object? value, HashSet<object> found)
    {
        if (value is not null && value.GetType().Name == "TransactionService")
        {
            found.Add(value);
        }
    }

    private static object? FindByTypeName(object owner, string typeName)
    {
        for (var type = owner.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var field in type.GetFields(Fields | BindingFlags.DeclaredOnly))
            {
                if (field.GetValue(owner) is { } value && value.GetType().Name == typeName)
                {
                    return value;
                }
            }
        }

        return null;
    }
}
