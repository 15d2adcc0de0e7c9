using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using YServer.Storage;
using YServer.Transport;

namespace YServer.Auth;

/// <summary>DI wiring of token auth, revocation and the origin check.</summary>
internal static class AuthServiceCollectionExtensions
{
    /// <summary>Registers <see cref="AuthOptions"/> and, unless one is registered already, the
    /// <see cref="IConnectionAuthorizer"/>: <see cref="TokenConnectionAuthorizer"/> when auth or an origin check is
    /// configured, else the allow-all default.</summary>
    public static IServiceCollection AddYServerAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new LiveConnections(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(static sp =>
        {
            var store = new RevocationStore(Path.GetFullPath(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Path));
            // Entries whose tokens have all expired since the last write go at startup; later ones with the next revocation.
            store.PruneObsolete(sp.GetRequiredService<TimeProvider>().GetUtcNow(), sp.GetRequiredService<IOptions<AuthOptions>>().Value.ClockSkew);
            return store;
        });
        services.TryAddSingleton<Revoker>();
        services.TryAddSingleton(static sp =>
        {
            var server = sp.GetRequiredService<IOptions<ServerOptions>>().Value;
            var loopbackOnly = server.TryGetAddress(out var address) && System.Net.IPAddress.IsLoopback(address);
            return new OriginPolicy(sp.GetRequiredService<IOptions<AuthOptions>>().Value, loopbackOnly);
        });
        services.TryAddSingleton<IConnectionAuthorizer>(static sp => Create(sp));
        return services;
    }

    private static IConnectionAuthorizer Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var origins = services.GetRequiredService<OriginPolicy>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("YServer.Auth");
        if (origins.IsActive)
        {
            Log.OriginCheck(logger, options.AllowedOrigins.Length > 0 ? string.Join(", ", options.AllowedOrigins) : "same origin (or no Origin header) only");
        }

        TokenValidator? validator = null;
        var revocations = services.GetRequiredService<RevocationStore>();
        if (options.IsEnabled)
        {
            var keys = SigningKeys.Load(options);
            validator = new TokenValidator(options, keys, services.GetRequiredService<TimeProvider>());
            var algorithms = options.Algorithms.Length > 0 ? options.Algorithms : SigningKeys.Supported;
            Log.Enabled(logger, keys.Count, string.Join(", ", algorithms), options.RoomsClaim, revocations.Entries.Count);
        }

        if (validator is null && !origins.IsActive)
        {
            return new AllowAllConnectionAuthorizer();
        }

        return new TokenConnectionAuthorizer(
            services.GetRequiredService<IOptions<AuthOptions>>(), origins, validator, revocations, services.GetRequiredService<LiveConnections>());
    }
}
