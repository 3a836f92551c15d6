using Bunit;
using ForumApp.Components.Notifications;
using ForumApp.Tests.Components;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Notifications;

/// <summary>The bell counts what arrives and what is read elsewhere, without a reload.</summary>
public sealed class NotificationBellTests : IAsyncLifetime
{
    private TestForum _forum = null!;
    private BunitContext _context = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync();
        _context = BunitSetup.CreateContext(_forum.AddServicesTo);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task BellCountsUpLiveAndDownWhenReadElsewhere()
    {
        var (ann, bob) = (await _forum.AddMemberAsync(), await _forum.AddMemberAsync());
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(ann, thread, "Mine.");
        var bell = _context.Render<NotificationBell>(p => p.Add(b => b.User, ann.Principal));
        Assert.Equal("0", bell.Find("[data-testid='bell-count']").TextContent);
        using var producer = _forum.NewNotificationProducer();

        await _forum.PostAsync(bob, thread, "First reply.", comment.Id);
        await _forum.PostAsync(bob, thread, "Second reply.", comment.Id);
        await producer.ProduceAsync();

        bell.WaitForAssertion(() => Assert.Equal("2", bell.Find("[data-testid='bell-count']").TextContent));
        Assert.Contains("2 unread", bell.Find(".visually-hidden").TextContent, StringComparison.Ordinal);

        TestForum.Succeeded(await _forum.Notifications.MarkReadAsync(ann.Principal, ids: null, all: true));

        bell.WaitForAssertion(() => Assert.Equal("0", bell.Find("[data-testid='bell-count']").TextContent));
    }
}
