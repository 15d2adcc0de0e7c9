namespace YServer.Tests;

public class SmokeTests
{
    [Test]
    public void ServerAssembly_IsNamedYserver() =>
        Assert.That(typeof(YServer.Program).Assembly.GetName().Name, Is.EqualTo("yserver"));
}
