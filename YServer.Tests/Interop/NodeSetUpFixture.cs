namespace YServer.Tests.Interop;

/// <summary>
/// Runs once before any test in <c>YServer.Tests.Interop</c> (and its sub-namespaces): checks for Node.js
/// and installs the pinned packages, so the fixtures below can assume both.
/// </summary>
[SetUpFixture]
public sealed class NodeSetUpFixture
{
    [OneTimeSetUp]
    public Task RequireNodeAsync() => NodeEnvironment.RequireAsync();
}
