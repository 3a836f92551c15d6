using System.Net;
using ForumApp.Data;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Moderation;

/// <summary>Suspending, banning and appointing members through the API: who may, what it stops, and what it removes.</summary>
[Collection(ModerationApiTest.Collection)]
public sealed class MemberModerationApiTests(ModerationForum forum) : ModerationApiTest(forum)
{
    [Fact]
    public async Task SuspendedMemberCannotPostStartThreadsOrReportUntilUnsuspended()
    {
        var member = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(member);
        var commentId = await Forum.CommentAsync(member, threadId, "my own words");
        var until = Forum.Clock.UtcNow.UtcDateTime.AddDays(3);

        (await Forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until, reason = "Cool down", removeComments = "none", threadId = (long?)null }))
            .Expect(HttpStatusCode.NoContent);

        Assert.Equal(until, await Forum.ReadAsync(db => db.Users.Where(u => u.Id == member.Id).Select(u => u.SuspendedUntil).SingleAsync()));
        (await Forum.PostAsync($"/api/threads/{threadId}/comments", member, new { parentId = (long?)null, body = "hello?" })).Expect(HttpStatusCode.Forbidden);
        (await Forum.SendAsync(HttpMethod.Put, $"/api/threads/{threadId}/comments/{commentId}", member, new { body = "edited" })).Expect(HttpStatusCode.Forbidden);
        (await Forum.PostAsync("/api/threads", member, new { title = "A new thread", body = "body" })).Expect(HttpStatusCode.Forbidden);
        (await Forum.PostAsync($"/api/comments/{commentId}/reports", member, new { reason = "spam" })).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("my own words", CommentIn(await ThreadAsync(threadId), commentId).GetProperty("body").GetString());
        var suspended = Assert.Single(await LogAsync($"member={member.Id}"));
        Assert.Equal(("suspend-member", "member", member.Id, "Cool down", member.DisplayName), LogSummary(suspended));

        (await Forum.PostAsync($"/api/moderation/users/{member.Id}/unsuspend", Moderator)).Expect(HttpStatusCode.NoContent);

        await Forum.CommentAsync(member, threadId, "back again");
        Assert.Single(await LogAsync($"member={member.Id}&action=unsuspend-member"));
        (await Forum.PostAsync($"/api/moderation/users/{member.Id}/unsuspend", Moderator)).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task SuspensionEndsByItselfOnceItsTimeHasPassed()
    {
        var member = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(member);
        var until = Forum.Clock.UtcNow.UtcDateTime.AddSeconds(30);
        (await Forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until, reason = "Short break", removeComments = "none" }))
            .Expect(HttpStatusCode.NoContent);
        (await Forum.PostAsync($"/api/threads/{threadId}/comments", member, new { parentId = (long?)null, body = "too soon" })).Expect(HttpStatusCode.Forbidden);

        Forum.Clock.Advance(TimeSpan.FromSeconds(31));

        await Forum.CommentAsync(member, threadId, "on time");
    }

    [Fact]
    public async Task BanWithoutAnEndLastsUntilLifted()
    {
        var member = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(member);

        (await Forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until = (DateTime?)null, reason = "Spammer", removeComments = "none" }))
            .Expect(HttpStatusCode.NoContent);

        var storedUntil = await Forum.ReadAsync(db => db.Users.Where(u => u.Id == member.Id).Select(u => u.SuspendedUntil).SingleAsync());
        Assert.NotNull(storedUntil);
        Assert.True(storedUntil.Value.Year >= 9999, $"A ban should never end, but ends at {storedUntil:O}.");
        (await Forum.PostAsync($"/api/threads/{threadId}/comments", member, new { parentId = (long?)null, body = "let me" })).Expect(HttpStatusCode.Forbidden);

        (await Forum.PostAsync($"/api/moderation/users/{member.Id}/unsuspend", Moderator)).Expect(HttpStatusCode.NoContent);

        await Forum.CommentAsync(member, threadId, "reformed");
    }

    [Fact]
    public async Task SuspendingWithRemoveCommentsThreadRemovesTheirCommentsInThatThreadOnly()
    {
        var (member, other, here, elsewhere, mine, others, mineElsewhere) = await TwoThreadsWithCommentsAsync();
        var lastSeqElsewhere = await LastSeqAsync(elsewhere);
        var lastSeqHere = await LastSeqAsync(here);

        (await Forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until = (DateTime?)null, reason = "Raiding", removeComments = "thread", threadId = here }))
            .Expect(HttpStatusCode.NoContent);

        var thread = await ThreadAsync(here);
        Assert.All(mine, id =>
        {
            Assert.Equal("moderator", CommentIn(thread, id).GetProperty("deletedBy").GetString());
            Assert.Equal("Raiding", CommentIn(thread, id).GetProperty("reason").GetString());
        });
        Assert.All(others, id => Assert.False(CommentIn(thread, id).GetProperty("deleted").GetBoolean()));
        Assert.False(CommentIn(await ThreadAsync(elsewhere), mineElsewhere).GetProperty("deleted").GetBoolean());
        Assert.Empty(await EventsAsync(elsewhere, lastSeqElsewhere));
        var events = await EventsAsync(here, lastSeqHere);
        Assert.Equal(mine.Order(), events.Select(e => e.GetProperty("comment").GetProperty("id").GetInt64()).Order());
        Assert.All(events, e => Assert.Equal("removed", e.GetProperty("kind").GetString()));

        var removals = await LogAsync($"member={member.Id}&action=remove-comment");
        Assert.Equal(mine.Order(), removals.Select(e => e.GetProperty("targetId").GetInt64()).Order());
        Assert.All(removals, e => Assert.Equal(here, e.GetProperty("threadId").GetInt64()));
        Assert.Equal(["mine 1", "mine 2"], removals.Select(e => e.GetProperty("removedText").GetString()).Order());
        Assert.Single(await LogAsync($"member={member.Id}&action=suspend-member"));
        Assert.Empty(await LogAsync($"member={other.Id}"));
    }

    [Fact]
    public async Task SuspendingWithRemoveCommentsAllRemovesEveryCommentOfTheirsAndNoOneElses()
    {
        var (member, other, here, elsewhere, mine, others, mineElsewhere) = await TwoThreadsWithCommentsAsync();

        (await Forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until = (DateTime?)null, reason = "Spam everywhere", removeComments = "all" }))
            .Expect(HttpStatusCode.NoContent);

        var thread = await ThreadAsync(here);
        Assert.All(mine, id => Assert.Equal("moderator", CommentIn(thread, id).GetProperty("deletedBy").GetString()));
        Assert.All(others, id => Assert.False(CommentIn(thread, id).GetProperty("deleted").GetBoolean()));
        Assert.Equal("moderator", CommentIn(await ThreadAsync(elsewhere), mineElsewhere).GetProperty("deletedBy").GetString());
        var lastElsewhere = (await EventsAsync(elsewhere, 0))[^1];
        Assert.Equal(("removed", mineElsewhere), (lastElsewhere.GetProperty("kind").GetString(), lastElsewhere.GetProperty("comment").GetProperty("id").GetInt64()));

        var removals = await LogAsync($"member={member.Id}&action=remove-comment");
        Assert.Equal(mine.Append(mineElsewhere).Order(), removals.Select(e => e.GetProperty("targetId").GetInt64()).Order());
        Assert.All(removals, e => Assert.Equal("Spam everywhere", e.GetProperty("reason").GetString()));
        Assert.Equal(["elsewhere", "mine 1", "mine 2"], removals.Select(e => e.GetProperty("removedText").GetString()).Order());
        var storedOthers = await Forum.ReadAsync(db => db.Comments.Where(c => c.AuthorId == other.Id).Select(c => c.State).ToListAsync());
        Assert.All(storedOthers, state => Assert.Equal(CommentState.Visible, state));
    }

    [Fact]
    public async Task UnknownRemoveCommentsScopeIsAFieldErrorAndSuspendsNobody()
    {
        var member = await Forum.RegisterAsync();

        (await Forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until = (DateTime?)null, reason = "x", removeComments = "everything" }))
            .ExpectFieldError("removeComments");
        (await Forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until = (DateTime?)null, reason = "x", removeComments = "thread" }))
            .ExpectFieldError("threadId");
        (await Forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until = Forum.Clock.UtcNow.UtcDateTime.AddMinutes(-1), reason = "x" }))
            .ExpectFieldError("until");

        Assert.Null(await Forum.ReadAsync(db => db.Users.Where(u => u.Id == member.Id).Select(u => u.SuspendedUntil).SingleAsync()));
        Assert.Empty(await LogAsync($"member={member.Id}"));
    }

    [Fact]
    public async Task OnlyAnAdminSuspendsAModeratorAndNobodySuspendsAnAdminOrThemselves()
    {
        var otherModerator = await Forum.RegisterModeratorAsync();
        var ban = new { until = (DateTime?)null, reason = "x", removeComments = "none" };

        (await Forum.PostAsync($"/api/moderation/users/{otherModerator.Id}/suspend", Moderator, ban)).Expect(HttpStatusCode.Forbidden);
        (await Forum.PostAsync($"/api/moderation/users/{Forum.Admin.Id}/suspend", Moderator, ban)).Expect(HttpStatusCode.Forbidden);
        (await Forum.PostAsync($"/api/moderation/users/{Moderator.Id}/suspend", Moderator, ban)).ExpectFieldError("id");
        Assert.Null(await Forum.ReadAsync(db => db.Users.Where(u => u.Id == otherModerator.Id).Select(u => u.SuspendedUntil).SingleAsync()));

        (await Forum.PostAsync($"/api/moderation/users/{otherModerator.Id}/suspend", Forum.Admin, ban)).Expect(HttpStatusCode.NoContent);
        (await Forum.PostAsync($"/api/moderation/users/{otherModerator.Id}/unsuspend", Forum.Admin)).Expect(HttpStatusCode.NoContent);
    }

    // ---- Roles ----

    [Fact]
    public async Task AdminGrantsAndRevokesTheModeratorRole()
    {
        var member = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(member);
        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/lock", member, new { reason = "mine" })).Expect(HttpStatusCode.Forbidden);

        (await Forum.PostAsync($"/api/admin/users/{member.Id}/roles", Forum.Admin, new { role = "moderator", grant = true })).Expect(HttpStatusCode.NoContent);

        // The same token works at once: roles are read from the database on every action.
        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/lock", member, new { reason = "mine" })).Expect(HttpStatusCode.NoContent);
        var granted = Assert.Single(await LogAsync($"member={member.Id}&action=grant-moderator"));
        Assert.Equal(Forum.Admin.DisplayName, granted.GetProperty("moderator").GetString());

        (await Forum.PostAsync($"/api/admin/users/{member.Id}/roles", Forum.Admin, new { role = "moderator", grant = false })).Expect(HttpStatusCode.NoContent);

        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/unlock", member)).Expect(HttpStatusCode.Forbidden);
        Assert.Single(await LogAsync($"member={member.Id}&action=revoke-moderator"));
        (await Forum.PostAsync($"/api/admin/users/{member.Id}/roles", Forum.Admin, new { role = "admin", grant = true })).ExpectFieldError("role");
        Assert.DoesNotContain("Admin", await RolesOfAsync(member.Id));
    }
}
