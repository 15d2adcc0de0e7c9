using Microsoft.Extensions.DependencyInjection.Extensions;
using YServer.Admin;
using YServer.Auth;
using YServer.Diagnostics;
using YServer.Rooms;
using YServer.Storage;
using YServer.Transport;

namespace YServer.Hosting;

/// <summary>DI wiring of the server core: options, storage, rooms, transport.</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddYServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RoomLimitsOptions>().Bind(configuration.GetSection(RoomLimitsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RoomOptions>().Bind(configuration.GetSection(RoomOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DocumentOptions>().Bind(configuration.GetSection(DocumentOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddYServerStorage(configuration.GetSection(StorageOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddYServerAuth(configuration);
        services.TryAddSingleton<IConnectionAuthorizer, AllowAllConnectionAuthorizer>();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TlsOptions>().Bind(configuration.GetSection(TlsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<YServerMetrics>();
        services.AddSingleton<RoomManager>();
        services.AddHostedService<RoomWarmUp>();
        services.AddSingleton<Transport.Limits.ConnectionAdmission>();
        services.AddSingleton<Transport.Limits.RateCarryover>();
        return services;
    }
}
