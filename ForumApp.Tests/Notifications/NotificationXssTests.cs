using Bunit;
using ForumApp.Components.Notifications;
using ForumApp.Features.Accounts;
using ForumApp.Features.Formatting;
using ForumApp.Tests.Components;
using ForumApp.Tests.Security;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Notifications;

/// <summary>The stored-XSS corpus around mentions, and as the excerpts of notifications where members see them.</summary>
public sealed class NotificationXssTests : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, string> AnnLee = new Dictionary<string, string> { [DisplayNames.Normalize("Ann Lee")] = "Ann Lee" };

    private TestForum _forum = null!;

    public static TheoryData<string> Vectors => XssVectors.Names;

    public async Task InitializeAsync() => _forum = await TestForum.CreateEmptyAsync();

    public async Task DisposeAsync() => await _forum.DisposeAsync();

    [Theory]
    [MemberData(nameof(Vectors))]
    public void MentionsBesideHostileTextAreInert(string name)
    {
        var text = XssVectors.Named(name).Text;

        var html = new MarkdownRenderer().ToHtml($"@AnnLee {text} @AnnLee{text} [@AnnLee]({text})", AnnLee);

        ExecutableContent.AssertNone(ExecutableContent.ParseFragment(html), $"Mentions beside '{name}'");
        Assert.Contains("<a href=\"/u/Ann%20Lee\" class=\"mention\"", html);
    }

    [Fact]
    public async Task HostileRepliesShowAsTextInTheirNotifications()
    {
        var ann = await _forum.AddMemberAsync();
        var bob = await _forum.AddMemberAsync();
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(ann, thread, "Say anything.");
        foreach (var vector in XssVectors.All)
        {
            await _forum.PostAsync(bob, thread, vector.Text, comment.Id);
        }

        using var producer = _forum.NewNotificationProducer();
        while (await producer.ProduceAsync() > 0)
        {
        }

        var views = new List<ForumApp.Realtime.NotificationView>();
        for (string? cursor = null; ;)
        {
            var page = TestForum.Succeeded(await _forum.Notifications.ListAsync(ann.Principal, 100, cursor, unreadOnly: false));
            views.AddRange(page.Items);
            if ((cursor = page.NextCursor) is null)
            {
                break;
            }
        }

        Assert.Equal(XssVectors.All.Count, views.Count);
        await using var context = BunitSetup.CreateContext(_forum.AddServicesTo);
        foreach (var view in views)
        {
            var shown = context.Render<NotificationText>(p => p.Add(c => c.Item, view));
            ExecutableContent.AssertNone(ExecutableContent.ParseFragment(shown.Markup), $"The notification excerpt '{view.Excerpt}'");
        }
    }
}
