using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace YServer.Tests.Support;

/// <summary>A Serilog sink that keeps the server's log events, lets a test await an event (instead of sleeping), and
/// prints everything to the test output when the test failed.</summary>
internal sealed class LogCapture : ILogEventSink
{
    private readonly Lock _gate = new();
    private readonly List<LogEvent> _events = [];
    private readonly List<(Func<LogEvent, bool> Match, TaskCompletionSource<LogEvent> Signal)> _waiters = [];

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            _events.Add(logEvent);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(logEvent))
                {
                    _waiters[i].Signal.TrySetResult(logEvent);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    public IReadOnlyList<LogEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Completes with the first event (already logged or future) that matches.</summary>
    public Task<LogEvent> WaitForAsync(Func<LogEvent, bool> match)
    {
        lock (_gate)
        {
            foreach (var e in _events)
            {
                if (match(e))
                {
                    return Task.FromResult(e);
                }
            }

            var signal = new TaskCompletionSource<LogEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, signal));
            return signal.Task.DefaultTimeout();
        }
    }

    /// <summary>Completes with the first event with this event id (the [LoggerMessage] id).</summary>
    public Task<LogEvent> WaitForEventAsync(int eventId, Func<LogEvent, bool>? match = null) =>
        WaitForAsync(e => EventId(e) == eventId && (match is null || match(e)));

    public static int? EventId(LogEvent e) =>
        e.Properties.TryGetValue("EventId", out var value) && value is StructureValue s
            && s.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int id }
            ? id
            : null;

    public static string? Property(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var value) ? (value is ScalarValue { Value: var v } ? Convert.ToString(v, CultureInfo.InvariantCulture) : value.ToString()) : null;

    public void DumpIfFailed()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            return;
        }

        foreach (var e in Events)
        {
            TestContext.Out.WriteLine($"[{e.Timestamp:HH:mm:ss.fff} {e.Level}] {e.RenderMessage(CultureInfo.InvariantCulture)}{(e.Exception is null ? "" : " " + e.Exception)}");
        }
    }
}
