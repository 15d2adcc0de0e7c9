using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using YServer.Diagnostics;
using YServer.Storage.LiteDb;

namespace YServer.Storage;

/// <summary>Registers the update store.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IUpdateStore"/> (LiteDB), <see cref="CompactionPolicy"/> and <see cref="StorageOptions"/>
    /// bound to <paramref name="configuration"/> (pass the <c>Storage</c> section), validated at start.
    /// </summary>
    public static IServiceCollection AddYServerStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        return AddCore(services);
    }

    /// <summary>Registers the store with options set in code.</summary>
    public static IServiceCollection AddYServerStorage(this IServiceCollection services, Action<StorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<StorageOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CompactionPolicy>();
        services.TryAddSingleton<YServerMetrics>();
        services.TryAddSingleton<IUpdateStore, LiteDbUpdateStore>();
        services.AddHostedService<UpdateStoreStartup>();
        return services;
    }

    /// <summary>
    /// Opens the store while the host starts (a bad path fails startup, not the first request). The container
    /// disposes the store after the hosted services stop, which drains its write queue.
    /// </summary>
    private sealed class UpdateStoreStartup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<IUpdateStore>();
            _ = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
