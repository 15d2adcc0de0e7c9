namespace YServer.Tests.Packaging;

/// <summary><c>systemd/yserver.service</c>: the settings the README promises, and <c>systemd-analyze verify</c> accepts it
/// (with <c>ExecStart=</c>'s binary pointed at an existing file, since none is installed here).</summary>
public sealed class SystemdUnitTests
{
    private static readonly string Unit = PackagingContext.ReadRepositoryFile("systemd/yserver.service");

    [TestCase("Type=notify")]
    [TestCase("DynamicUser=yes")]
    [TestCase("StateDirectory=yserver")]
    [TestCase("ProtectSystem=strict")]
    [TestCase("NoNewPrivileges=yes")]
    [TestCase("PrivateTmp=yes")]
    [TestCase("ProtectHome=yes")]
    [TestCase("RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX")]
    [TestCase("Restart=on-failure")]
    [TestCase("ExecStart=/opt/yserver/yserver --host 127.0.0.1 --port 1234 --store /var/lib/yserver --log-format json")]
    public void Unit_HasSetting(string line) =>
        Assert.That(Unit.Split('\n'), Does.Contain(line));

    [Test]
    public async Task Unit_PassesSystemdAnalyzeVerify()
    {
        if (!File.Exists("/usr/bin/systemd-analyze") && !File.Exists("/bin/systemd-analyze"))
        {
            Assert.Ignore("systemd-analyze is not installed");
        }

        using var directory = new Support.TestDirectory();
        var path = Path.Combine(directory.Path, "yserver.service");
        await File.WriteAllTextAsync(path, Unit.Replace("/opt/yserver/yserver", "/bin/sh", StringComparison.Ordinal));

        var (exitCode, output) = await PackagingContext.RunAsync("systemd-analyze", ["verify", path], directory.Path, TimeSpan.FromSeconds(60));

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output.Trim(), Is.Empty);
    }
}
