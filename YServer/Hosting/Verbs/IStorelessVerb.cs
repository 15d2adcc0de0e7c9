namespace YServer.Hosting.Verbs;

/// <summary>A verb that may run without opening a store (<c>token</c>; <c>revoke --url</c>, which asks a running server).</summary>
internal interface IStorelessVerb
{
    /// <summary>False when, with these arguments, the verb works on the store (then <see cref="StoreVerb.RunAsync"/> runs).</summary>
    bool RunsWithoutStore { get; }

    Task<int> RunWithoutStoreAsync(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken);
}
