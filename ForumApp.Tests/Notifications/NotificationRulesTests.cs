using ForumApp.Data;
using ForumApp.Features.Moderation;
using ForumApp.Features.Notifications;
using ForumApp.Realtime;
using ForumApp.Tests.TestInfrastructure;
using static ForumApp.Tests.TestInfrastructure.TestForum;

namespace ForumApp.Tests.Notifications;

/// <summary>Who hears of what: every kind, and the rules (own actions, preferences, mutes, once per comment).</summary>
public sealed class NotificationRulesTests : IAsyncLifetime
{
    private TestForum _forum = null!;
    private NotificationProducer _producer = null!;

    public async Task InitializeAsync()
    {
        _forum = await CreateEmptyAsync();
        _producer = _forum.NewNotificationProducer();
    }

    public async Task DisposeAsync()
    {
        _producer.Dispose();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task ReplyNotifiesTheParentsAuthorWithTheReplysWords()
    {
        var (ann, bob) = (await _forum.AddMemberAsync(), await _forum.AddMemberAsync());
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(ann, thread, "A first thought.");
        var reply = await _forum.PostAsync(bob, thread, "A **considered** answer.", comment.Id);

        var item = Assert.Single(await InboxAsync(ann));

        Assert.Equal(("reply", reply.Id, bob.DisplayName, "A considered answer."), (item.Kind, item.CommentId, item.Actor, item.Excerpt));
        Assert.Empty(await InboxAsync(bob));
    }

    [Fact]
    public async Task TopLevelCommentNotifiesTheThreadsAuthor()
    {
        var (ann, bob) = (await _forum.AddMemberAsync(), await _forum.AddMemberAsync());
        var thread = await _forum.StartThreadAsync(ann);
        await _forum.PostAsync(bob, thread.Id, "Welcome words.");

        Assert.Equal("thread-reply", Assert.Single(await InboxAsync(ann)).Kind);
    }

    [Fact]
    public async Task OwnRepliesAndOwnMentionsNotifyNobody()
    {
        var ann = await _forum.AddMemberAsync("Ann Own");
        var thread = await _forum.StartThreadAsync(ann);
        var comment = await _forum.PostAsync(ann, thread.Id, "Talking to myself, @AnnOwn.");
        await _forum.PostAsync(ann, thread.Id, "Still me.", comment.Id);

        Assert.Empty(await InboxAsync(ann));
    }

    [Fact]
    public async Task ReplyThatAlsoMentionsIsOneReply()
    {
        var ann = await _forum.AddMemberAsync("Ann Both");
        var bob = await _forum.AddMemberAsync();
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(ann, thread, "Question.");
        await _forum.PostAsync(bob, thread, "@AnnBoth here is the answer.", comment.Id);

        Assert.Equal("reply", Assert.Single(await InboxAsync(ann)).Kind);
    }

    [Fact]
    public async Task MentionLinksToTheProfileAndNotifiesOnce()
    {
        var ann = await _forum.AddMemberAsync("Ann Lee");
        var bob = await _forum.AddMemberAsync();
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(bob, thread, "Ask @AnnLee, or @AnnLee again; not `@AnnLee` in code, nor @nobody-here.");

        Assert.Contains("<a href=\"/u/Ann%20Lee\" class=\"mention\"", comment.BodyHtml);
        Assert.Equal(2, CountOf(comment.BodyHtml!, "class=\"mention\""));
        Assert.Contains("<code>@AnnLee</code>", comment.BodyHtml);
        var item = Assert.Single(await InboxAsync(ann));
        Assert.Equal(("mention", comment.Id), (item.Kind, item.CommentId));
    }

    [Fact]
    public async Task EditThatAddsAMentionNotifiesOnceAndNotAgain()
    {
        var ann = await _forum.AddMemberAsync("Ann Edit");
        var bob = await _forum.AddMemberAsync();
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(bob, thread, "No one named yet.");
        await InboxAsync(ann);

        Succeeded(await _forum.Comments.EditAsync(bob.Principal, thread, comment.Id, "Now with @AnnEdit."));
        Assert.Equal("mention", Assert.Single(await InboxAsync(ann)).Kind);

        Succeeded(await _forum.Comments.EditAsync(bob.Principal, thread, comment.Id, "Still with @AnnEdit, reworded."));
        Assert.Single(await InboxAsync(ann));
    }

    [Fact]
    public async Task TooManyMentionsAreRefusedInWords()
    {
        var bob = await _forum.AddMemberAsync();
        var names = new List<string>();
        for (var i = 0; i <= MentionResolver.MaxMentions; i++)
        {
            names.Add((await _forum.AddMemberAsync($"crowd{(char)('a' + i)}")).DisplayName);
        }

        var thread = await _forum.AddThreadAsync();
        var result = await _forum.Comments.PostAsync(bob.Principal, thread, null, string.Join(' ', names.Select(n => "@" + n)), null);

        Assert.Equal("body", result.Error?.Field);
        Assert.Contains($"at most {MentionResolver.MaxMentions} members", result.Error!.Message);
    }

    [Fact]
    public async Task KindTurnedOffIsNotNotifiedButOthersAre()
    {
        var (ann, bob) = (await _forum.AddMemberAsync("Ann Prefs"), await _forum.AddMemberAsync());
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(ann, thread, "Mine.");
        Succeeded(await _forum.Notifications.SetPreferenceAsync(ann.Principal, NotificationKind.Reply, enabled: false));

        await _forum.PostAsync(bob, thread, "A reply.", comment.Id);
        Assert.Empty(await InboxAsync(ann));

        // With replies off, a reply that mentions the member still reaches them as the mention it also is.
        await _forum.PostAsync(bob, thread, "A reply for @AnnPrefs.", comment.Id);
        Assert.Equal("mention", Assert.Single(await InboxAsync(ann)).Kind);
    }

    [Fact]
    public async Task MutedThreadSendsNoRepliesOrMentions()
    {
        var (ann, bob) = (await _forum.AddMemberAsync("Ann Mute"), await _forum.AddMemberAsync());
        var thread = await _forum.StartThreadAsync(ann);
        var comment = await _forum.PostAsync(ann, thread.Id, "Mine.");
        Succeeded(await _forum.Notifications.SetMutedAsync(ann.Principal, thread.Id, muted: true));

        await _forum.PostAsync(bob, thread.Id, "Reply.", comment.Id);
        await _forum.PostAsync(bob, thread.Id, "Top level for @AnnMute.");

        Assert.Empty(await InboxAsync(ann));
        Assert.Single(Succeeded(await _forum.Notifications.ListMutedAsync(ann.Principal)));
    }

    [Fact]
    public async Task RemovedReplyNeverShowsItsWordsAndItsAuthorHearsTheReason()
    {
        var (ann, bob, moderator) = (await _forum.AddMemberAsync(), await _forum.AddMemberAsync(), await _forum.AddModeratorAsync());
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(ann, thread, "Mine.");
        var reply = await _forum.PostAsync(bob, thread, "Unkind secret words.", comment.Id);
        await InboxAsync(ann);

        Succeeded(await _forum.CommentModeration.RemoveCommentAsync(moderator.Principal, reply.Id, "Be civil.", includeReplies: false));

        var annSees = Assert.Single(await InboxAsync(ann));
        Assert.Equal(NotificationReader.RemovedNote, annSees.Excerpt);
        var bobSees = Assert.Single(await InboxAsync(bob));
        Assert.Equal(("removed", "Be civil.", (string?)null), (bobSees.Kind, bobSees.Excerpt, bobSees.Actor));
        var everything = (await InboxAsync(ann)).Concat(await InboxAsync(bob));
        Assert.DoesNotContain(everything, n => n.Excerpt?.Contains("secret", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task RestoredCommentNotifiesItsAuthor()
    {
        var (bob, moderator) = (await _forum.AddMemberAsync(), await _forum.AddModeratorAsync());
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(bob, thread, "Borderline.");
        Succeeded(await _forum.CommentModeration.RemoveCommentAsync(moderator.Principal, comment.Id, "Hm.", includeReplies: false));
        Succeeded(await _forum.CommentModeration.RestoreCommentAsync(moderator.Principal, comment.Id));

        Assert.Equal(["restored", "removed"], (await InboxAsync(bob)).Select(n => n.Kind));
    }

    [Fact]
    public async Task AModeratorWhoRestoresTheirOwnCommentIsNotToldOfIt()
    {
        var (author, other) = (await _forum.AddModeratorAsync(), await _forum.AddModeratorAsync());
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(author, thread, "Taken down by a colleague.");
        Succeeded(await _forum.CommentModeration.RemoveCommentAsync(other.Principal, comment.Id, "Off topic.", includeReplies: false));
        Succeeded(await _forum.CommentModeration.RestoreCommentAsync(author.Principal, comment.Id));

        Assert.Equal(["removed"], (await InboxAsync(author)).Select(n => n.Kind));
    }

    [Fact]
    public async Task ResolvedReportNotifiesTheReporter()
    {
        var (ann, bob, moderator) = (await _forum.AddMemberAsync(), await _forum.AddMemberAsync(), await _forum.AddModeratorAsync());
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(bob, thread, "Spam spam.");
        var report = Succeeded(await _forum.Reports.ReportAsync(ann.Principal, comment.Id, "Spam."));

        Succeeded(await _forum.Reports.ResolveAsync(moderator.Principal, report.Id, "dismiss", "Not spam."));

        var item = Assert.Single(await InboxAsync(ann));
        Assert.Equal(("report-resolved", comment.Id), (item.Kind, item.CommentId));
    }

    [Fact]
    public async Task SuspensionNotifiesTheMemberWithTheReason()
    {
        var (bob, moderator) = (await _forum.AddMemberAsync(), await _forum.AddModeratorAsync());

        Succeeded(await _forum.MemberModeration.SuspendAsync(
            moderator.Principal, bob.Id, DateTime.UtcNow.AddDays(1), "Cool off.", RemoveCommentsScope.None, threadId: null));

        var item = Assert.Single(await InboxAsync(bob));
        Assert.Equal(("suspended", "Cool off.", (long?)null), (item.Kind, item.Excerpt, item.ThreadId));
    }

    [Fact]
    public async Task NotificationIsPushedLiveToTheRecipientOnly()
    {
        var (ann, bob) = (await _forum.AddMemberAsync(), await _forum.AddMemberAsync());
        var annHeard = new List<UserNotice>();
        var bobHeard = new List<UserNotice>();
        using var annSubscription = _forum.Bus.SubscribeUser(ann.Id, n => { lock (annHeard) { annHeard.Add(n); } return Task.CompletedTask; });
        using var bobSubscription = _forum.Bus.SubscribeUser(bob.Id, n => { lock (bobHeard) { bobHeard.Add(n); } return Task.CompletedTask; });
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(ann, thread, "Mine.");
        await _forum.PostAsync(bob, thread, "Reply.", comment.Id);

        await _producer.ProduceAsync();

        Assert.Equal("reply", Assert.Single(annHeard).Notification?.Kind);
        Assert.Empty(bobHeard);
    }

    private async Task<IReadOnlyList<NotificationView>> InboxAsync(TestMember member)
    {
        await _producer.ProduceAsync();
        return Succeeded(await _forum.Notifications.ListAsync(member.Principal, 100, null, unreadOnly: false)).Items;
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
