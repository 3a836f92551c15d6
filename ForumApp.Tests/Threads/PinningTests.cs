using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Moderation;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Threads;

/// <summary>Moderators pin and unpin threads; each change is logged, and the list follows it.</summary>
public sealed class PinningTests : IAsyncLifetime
{
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private TestForum _forum = null!;
    private TestMember _author = null!;
    private TestMember _moderator = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync(_clock);
        _author = await _forum.AddMemberAsync("Author");
        _moderator = await _forum.AddModeratorAsync("Mod");
    }

    public async Task DisposeAsync() => await _forum.DisposeAsync();

    [Fact]
    public async Task PinAndUnpinAreLoggedAndRefusedWhenNothingWouldChange()
    {
        var threadId = (await _forum.StartThreadAsync(_author)).Id;

        TestForum.Succeeded(await _forum.ThreadModeration.PinThreadAsync(_moderator.Principal, threadId));
        Assert.Equal(ForumErrorKind.Conflict, (await _forum.ThreadModeration.PinThreadAsync(_moderator.Principal, threadId)).Error?.Kind);
        Assert.True(await _forum.Threads.IsPinnedAsync(threadId));

        TestForum.Succeeded(await _forum.ThreadModeration.UnpinThreadAsync(_moderator.Principal, threadId));
        Assert.Equal(ForumErrorKind.Conflict, (await _forum.ThreadModeration.UnpinThreadAsync(_moderator.Principal, threadId)).Error?.Kind);
        Assert.False(await _forum.Threads.IsPinnedAsync(threadId));

        await using var db = await _forum.DbFactory.CreateDbContextAsync();
        var entries = await db.ModerationLog.Where(e => e.ThreadId == threadId).OrderBy(e => e.Id).Select(e => new { e.Action, e.ModeratorId }).ToListAsync();
        Assert.Equal([(ModerationActions.PinThread, _moderator.Id), (ModerationActions.UnpinThread, _moderator.Id)], entries.Select(e => (e.Action, e.ModeratorId)));

        // A pin is not a thread event: the thread's sequence stays where the comments left it.
        Assert.Equal(0, await db.Threads.Where(t => t.Id == threadId).Select(t => t.LastSeq).SingleAsync());
    }

    [Fact]
    public async Task OnlyModeratorsPinAndARemovedThreadIsNotFound()
    {
        var threadId = (await _forum.StartThreadAsync(_author)).Id;

        Assert.Equal(ForumErrorKind.Forbidden, (await _forum.ThreadModeration.PinThreadAsync(_author.Principal, threadId)).Error?.Kind);
        Assert.Equal(ForumErrorKind.Unauthenticated, (await _forum.ThreadModeration.PinThreadAsync(null, threadId)).Error?.Kind);

        TestForum.Succeeded(await _forum.ThreadModeration.SetThreadRemovedAsync(_moderator.Principal, threadId, removed: true, "Spam"));
        Assert.Equal(ForumErrorKind.NotFound, (await _forum.ThreadModeration.PinThreadAsync(_moderator.Principal, threadId)).Error?.Kind);
        Assert.False(await _forum.Threads.IsPinnedAsync(threadId));
    }

    [Fact]
    public async Task APinTellsListReadersWhichThreadAndHowItChanged()
    {
        var threadId = (await _forum.StartThreadAsync(_author)).Id;
        var heard = new List<(long, bool?)>();
        using var subscription = _forum.Bus.SubscribeThreadList(change =>
        {
            lock (heard)
            {
                heard.Add((change.ThreadId, change.Pinned));
            }

            return Task.CompletedTask;
        });

        TestForum.Succeeded(await _forum.ThreadModeration.PinThreadAsync(_moderator.Principal, threadId));
        TestForum.Succeeded(await _forum.ThreadModeration.UnpinThreadAsync(_moderator.Principal, threadId));

        Assert.Equal([(threadId, (bool?)true), (threadId, false)], heard);
    }
}
