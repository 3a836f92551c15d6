using Bunit;
using ForumApp.Components.Account.Shared;
using ForumApp.Tests.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Accounts;

/// <summary>The sign-out form the interactive app bar embeds: a plain post with a token and the way back.</summary>
public sealed class LogoutFormTests : IAsyncLifetime
{
    private BunitContext _context = null!;

    public Task InitializeAsync()
    {
        _context = BunitSetup.CreateContext(services => services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgery>());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void PostsTheTokenAndTheCurrentPageToTheLogoutEndpoint()
    {
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo("/threads/7/a-title?sort=new");

        var form = _context.Render<LogoutForm>().Find("form");

        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/account/logout", form.GetAttribute("action"));
        Assert.Equal(FixedAntiforgery.Token, form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"));
        Assert.Equal("/threads/7/a-title?sort=new", form.QuerySelector("input[name=ReturnUrl]")?.GetAttribute("value"));
        Assert.Equal("submit", form.QuerySelector("button")?.GetAttribute("type"));
    }

    [Fact]
    public void FollowsInteractiveNavigation()
    {
        var logout = _context.Render<LogoutForm>(p => p.Add(f => f.Compact, true));

        _context.Services.GetRequiredService<NavigationManager>().NavigateTo("/threads/9");

        logout.WaitForAssertion(() =>
            Assert.Equal("/threads/9", logout.Find("input[name=ReturnUrl]").GetAttribute("value")));
        Assert.Equal("Sign out", logout.Find("button").GetAttribute("aria-label"));
    }

    private sealed class FixedAntiforgery : AntiforgeryStateProvider
    {
        public const string Token = "test-antiforgery-token";

        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new(Token, "__RequestVerificationToken");
    }
}
