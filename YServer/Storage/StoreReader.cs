using System.Threading.Channels;

namespace YServer.Storage;

/// <summary>A queued read; the reader thread runs it against the engine.</summary>
internal abstract class PendingRead
{
    public abstract void Run(IStoreEngine engine);

    public abstract void Fail(Exception exception);
}

/// <summary>A read returning <typeparamref name="T"/>.</summary>
internal sealed class PendingRead<T>(Func<IStoreEngine, T> read) : PendingRead
{
    public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Run(IStoreEngine engine) => Completion.TrySetResult(read(engine));

    public override void Fail(Exception exception) => Completion.TrySetException(exception);
}

/// <summary>
/// Runs reads (room loads, listings) on one dedicated thread, next to the writer: a big load does not delay group
/// commits, and no request thread blocks on the disk.
/// </summary>
internal sealed class StoreReader
{
    private readonly Channel<PendingRead> _queue;
    private readonly IStoreEngine _engine;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StoreReader(IStoreEngine engine, ILogger logger)
    {
        _engine = engine;
        _logger = logger;
        _queue = Channel.CreateUnbounded<PendingRead>(new UnboundedChannelOptions { SingleReader = true });
        _thread = new Thread(Run) { IsBackground = true, Name = "yserver-store-reader" };
        _thread.Start();
    }

    public Task Stopped => _stopped.Task;

    public async Task<T> ReadAsync<T>(Func<IStoreEngine, T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingRead<T>(read);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(IUpdateStore), "The update store is shut down.");
        }

        // A cancelled caller stops waiting; the read itself still runs (it has no side effects).
        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public void Complete() => _queue.Writer.TryComplete();

    private void Run()
    {
        var reader = _queue.Reader;
        try
        {
            while (WaitForWork(reader))
            {
                while (reader.TryRead(out var read))
                {
                    try
                    {
                        read.Run(_engine);
                    }
                    catch (Exception ex)
                    {
                        Log.ReadFailed(_logger, ex);
                        read.Fail(ex as UpdateStoreException ?? new UpdateStoreException("The store could not be read.", ex));
                    }
                }
            }

            _stopped.TrySetResult();
        }
        catch (Exception ex)
        {
            _queue.Writer.TryComplete(ex);
            while (reader.TryRead(out var read))
            {
                read.Fail(ex);
            }

            _stopped.TrySetException(ex);
        }
    }

    // Blocking is right here: this is the reader's own thread, and a Channel has no synchronous wait.
    private static bool WaitForWork(ChannelReader<PendingRead> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }
}
