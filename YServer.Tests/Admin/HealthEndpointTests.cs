using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using YServer.Storage;
using YServer.Tests.Support;

namespace YServer.Tests.Admin;

/// <summary>/healthz and /readyz over real HTTP against the in-process host.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class HealthEndpointTests
{
    private static readonly HttpClient _http = new();

    [Test]
    public async Task Healthz_Running_Answers200()
    {
        await using var server = await YServerFixture.StartAsync();

        using var response = await _http.GetAsync(new Uri(server.HttpUri, "healthz")).DefaultTimeout();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task Readyz_StoreOpen_Answers200()
    {
        await using var server = await YServerFixture.StartAsync();

        using var response = await _http.GetAsync(new Uri(server.HttpUri, "readyz")).DefaultTimeout();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Readyz_StoreUnhealthy_Answers503()
    {
        var store = new GatedUpdateStore();
        await using var server = await YServerFixture.StartAsync(services: s => s.AddSingleton<IUpdateStore>(store));
        store.Healthy = false;

        using var response = await _http.GetAsync(new Uri(server.HttpUri, "readyz")).DefaultTimeout();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task Readyz_AfterShutdownBegan_Answers503_WhileHealthzStill200()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await YServerFixture.StartAsync();
        var uri = server.HttpUri;
        var lifetime = server.Services.GetRequiredService<IHostApplicationLifetime>();
        using (var before = await _http.GetAsync(new Uri(uri, "readyz")).DefaultTimeout())
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var stoppingSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Holds shutdown inside ApplicationStopping, before Kestrel stops listening (a test-only blocking wait).
        using var registration = lifetime.ApplicationStopping.Register(() =>
        {
            stoppingSignal.TrySetResult();
            release.Task.Wait();
        });
        var stopping = Task.Run(server.StopAsync);
        await stoppingSignal.Task.DefaultTimeout();
        try
        {
            using var ready = await _http.GetAsync(new Uri(uri, "readyz")).DefaultTimeout();
            using var alive = await _http.GetAsync(new Uri(uri, "healthz")).DefaultTimeout();

            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(alive.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            release.TrySetResult();
            await stopping;
        }
    }

    [Test]
    public async Task WebSocketToHealthz_IsTheRoomHealthz()
    {
        await using var server = await YServerFixture.StartAsync();

        await using var client = await server.ConnectAsync("healthz");
        var step1 = await client.ReceiveStep1Async();

        Assert.That(step1, Is.Not.Empty);
        Assert.That(server.Rooms.TryGet("healthz", out _), Is.True);
    }
}
