using System.Net;
using ForumApp.Features.Accounts;

namespace ForumApp.Tests.Accounts;

/// <summary>Small rules of the account feature that need no running app.</summary>
public sealed class AccountRulesTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/threads/1?sort=new#c5", true)]
    [InlineData("//evil.example/", false)]
    [InlineData("/\\evil.example/", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("threads/1", false)]
    [InlineData("/threads\n/1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OnlyPathsOnThisSiteAreLocal(string? url, bool local) => Assert.Equal(local, LocalUrls.IsLocal(url));

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::1")]
    public void AddressesAreCountedByHostOrIPv6Network(string address, string key) =>
        Assert.Equal(key, ClientAddresses.PartitionKey(IPAddress.Parse(address)));

    [Fact]
    public void RegistrationLimitMessageRoundsUpToWholeMinutes()
    {
        Assert.Equal(
            "Too many accounts were created from your network. Try again in 1 minute.",
            RegistrationLimits.Describe(TimeSpan.FromSeconds(20)));
        Assert.Equal(
            "Too many accounts were created from your network. Try again in 60 minutes.",
            RegistrationLimits.Describe(TimeSpan.FromHours(1)));
    }
}
