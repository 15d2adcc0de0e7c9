using System.Net;
using Microsoft.Extensions.Options;
using YServer.Diagnostics;
using YServer.Transport;
using YServer.Transport.Limits;

namespace YServer.Tests.Transport.Limits;

public sealed class ConnectionAdmissionTests
{
    private static readonly IPAddress First = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress Second = IPAddress.Parse("10.0.0.2");

    [Test]
    public void TotalLimit_AdmitsUpToIt_AndRefusesOneMore()
    {
        var admission = Create(new LimitsOptions { MaxConnections = 2, MaxConnectionsPerIp = 0, MaxConnectionsPerRoom = 0 });

        Assert.Multiple(() =>
        {
            Assert.That(admission.TryAdmit(First, "a", out _), Is.True);
            Assert.That(admission.TryAdmit(Second, "b", out _), Is.True);
            Assert.That(admission.TryAdmit(Second, "c", out var refusal), Is.False);
            Assert.That(refusal, Is.EqualTo(RefusalReason.Connections));
        });
    }

    [Test]
    public void PerAddressLimit_RefusesThatAddressOnly()
    {
        var admission = Create(new LimitsOptions { MaxConnectionsPerIp = 2 });
        admission.TryAdmit(First, "a", out _);
        admission.TryAdmit(First, "b", out _);

        Assert.Multiple(() =>
        {
            Assert.That(admission.TryAdmit(First, "c", out var refusal), Is.False);
            Assert.That(refusal, Is.EqualTo(RefusalReason.ConnectionsPerIp));
            Assert.That(admission.TryAdmit(Second, "c", out _), Is.True);
        });
    }

    [Test]
    public void PerAddressLimit_CountsIpv4MappedAddressesAsTheirIpv4Address()
    {
        var admission = Create(new LimitsOptions { MaxConnectionsPerIp = 1 });
        admission.TryAdmit(First, "a", out _);

        Assert.That(admission.TryAdmit(First.MapToIPv6(), "a", out var refusal), Is.False);
        Assert.That(refusal, Is.EqualTo(RefusalReason.ConnectionsPerIp));
    }

    [Test]
    public void PerRoomLimit_RefusesThatRoomOnly()
    {
        var admission = Create(new LimitsOptions { MaxConnectionsPerRoom = 2 });
        admission.TryAdmit(First, "a", out _);
        admission.TryAdmit(Second, "a", out _);

        Assert.Multiple(() =>
        {
            Assert.That(admission.TryAdmit(First, "a", out var refusal), Is.False);
            Assert.That(refusal, Is.EqualTo(RefusalReason.ConnectionsPerRoom));
            Assert.That(admission.TryAdmit(First, "b", out _), Is.True);
        });
    }

    [Test]
    public void Release_GivesTheSlotBack()
    {
        var admission = Create(new LimitsOptions { MaxConnections = 1, MaxConnectionsPerIp = 1, MaxConnectionsPerRoom = 1 });
        admission.TryAdmit(First, "a", out _);

        admission.Release(First, "a");

        Assert.Multiple(() =>
        {
            Assert.That(admission.Count, Is.Zero);
            Assert.That(admission.TryAdmit(First, "a", out _), Is.True);
        });
    }

    [Test]
    public void RefusedConnection_TakesNoSlot()
    {
        var admission = Create(new LimitsOptions { MaxConnections = 10, MaxConnectionsPerRoom = 1 });
        admission.TryAdmit(First, "a", out _);

        admission.TryAdmit(Second, "a", out _);

        Assert.That(admission.Count, Is.EqualTo(1));
    }

    [Test]
    public void ZeroLimits_AdmitEverything()
    {
        var admission = Create(new LimitsOptions { MaxConnections = 0, MaxConnectionsPerIp = 0, MaxConnectionsPerRoom = 0 });

        var admitted = 0;
        for (var i = 0; i < 1000; i++)
        {
            admitted += admission.TryAdmit(First, "a", out _) ? 1 : 0;
        }

        Assert.That(admitted, Is.EqualTo(1000));
    }

    [Test]
    public void UnknownAddress_IsNotCountedPerAddress()
    {
        var admission = Create(new LimitsOptions { MaxConnectionsPerIp = 1 });

        Assert.Multiple(() =>
        {
            Assert.That(admission.TryAdmit(null, "a", out _), Is.True);
            Assert.That(admission.TryAdmit(null, "a", out _), Is.True);
        });
    }

    private static ConnectionAdmission Create(LimitsOptions limits) => new(Options.Create(limits));
}
