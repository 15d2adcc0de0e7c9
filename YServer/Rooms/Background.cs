namespace YServer.Rooms;

/// <summary>The one way Rooms starts work nobody awaits right away: the task is returned (so a closing room can
/// await it) and a fault is always logged, never lost.</summary>
internal static class Background
{
    public static Task Run(Func<Task> work, ILogger logger, string roomName, string what) =>
        Task.Run(async () =>
        {
            try
            {
                await work();
            }
            catch (Exception ex)
            {
                Log.BackgroundWorkFailed(logger, ex, roomName, what);
            }
        });
}
