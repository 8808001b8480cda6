using System.Net;
using RpsVision.Serving.Gateway;

namespace RpsVision.Tests.Serving.Gateway;

[TestFixture]
public sealed class AddressPolicyTests
{
    [TestCase("127.0.0.1")]
    [TestCase("127.8.9.10")]
    [TestCase("10.1.2.3")]
    [TestCase("172.16.0.1")]
    [TestCase("172.31.255.255")]
    [TestCase("192.168.1.1")]
    [TestCase("169.254.169.254")]
    [TestCase("100.64.0.1")]
    [TestCase("0.0.0.0")]
    [TestCase("255.255.255.255")]
    [TestCase("224.0.0.1")]
    [TestCase("::1")]
    [TestCase("::")]
    [TestCase("fe80::1")]
    [TestCase("fd00::1")]
    [TestCase("::ffff:127.0.0.1")]
    [TestCase("::ffff:169.254.169.254")]
    [TestCase("64:ff9b::a00:1")]
    public void IsPublic_NonPublicAddress_IsFalse(string address)
    {
        Assert.That(AddressPolicy.IsPublic(IPAddress.Parse(address)), Is.False);
    }

    [TestCase("8.8.8.8")]
    [TestCase("172.32.0.1")]
    [TestCase("142.250.74.46")]
    [TestCase("2606:4700:4700::1111")]
    [TestCase("::ffff:8.8.8.8")]
    public void IsPublic_PublicAddress_IsTrue(string address)
    {
        Assert.That(AddressPolicy.IsPublic(IPAddress.Parse(address)), Is.True);
    }
}
