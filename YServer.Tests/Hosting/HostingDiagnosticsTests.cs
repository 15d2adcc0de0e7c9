using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using YServer.Tests.Support;

namespace YServer.Tests.Hosting;

/// <summary>ASP.NET Core starts an Activity (and a logging scope) for every request while its hosting diagnostics
/// category is enabled; a WebSocket keeps its request, and so both, for its whole life. Below verbose that category is
/// off, so an idle connection carries neither.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class HostingDiagnosticsTests
{
    private YServerFixture? _server;

    [TearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task WebSocketRequest_HasNoHostingActivity_BelowVerbose()
    {
        var seen = await ActivityOfAWebSocketRequestAsync(logLevel: "debug");

        Assert.That(seen, Is.False);
    }

    [Test]
    public async Task WebSocketRequest_HasTheHostingActivity_AtVerbose()
    {
        // the observation works: at verbose the category is on and ASP.NET Core creates the activity again
        var seen = await ActivityOfAWebSocketRequestAsync(logLevel: "verbose");

        Assert.That(seen, Is.True);
    }

    private async Task<bool> ActivityOfAWebSocketRequestAsync(string logLevel)
    {
        var observer = new ActivityObserver();
        _server = await YServerFixture.StartAsync(
            new Dictionary<string, string?> { ["Logging:Level"] = logLevel },
            services => services.AddSingleton<IStartupFilter>(observer));

        await using var client = await _server.ConnectAsync("activity-room");
        await client.ReceiveStep1Async();

        return await observer.WebSocketRequestHadActivity.Task.DefaultTimeout();
    }

    /// <summary>A first middleware that records whether a WebSocket request runs inside an Activity.</summary>
    private sealed class ActivityObserver : IStartupFilter
    {
        public TaskCompletionSource<bool> WebSocketRequestHadActivity { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                // before UseWebSockets, so the header rather than context.WebSockets tells an upgrade
                if (string.Equals(context.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase))
                {
                    WebSocketRequestHadActivity.TrySetResult(Activity.Current is not null);
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
