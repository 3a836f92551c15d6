using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Votes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Votes;

/// <summary>Voting through <see cref="VoteService"/> on a real SQLite file: every rule, toggling, and exact totals under concurrency.</summary>
public sealed class VoteServiceTests : IAsyncLifetime
{
    private TestForum _forum = null!;
    private TestMember _author = null!;
    private TestMember _voter = null!;
    private long _threadId;
    private long _commentId;

    private sealed record Totals(int Up, int Down, int Score, double Rank, long Version, int Rows);

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync();
        _author = await _forum.AddMemberAsync();
        _voter = await _forum.AddMemberAsync();
        _threadId = (await _forum.StartThreadAsync(_author)).Id;
        _commentId = (await _forum.PostAsync(_author, _threadId, "Worth a vote?")).Id;
    }

    public async Task DisposeAsync() => await _forum.DisposeAsync();

    [Fact]
    public async Task AnUpVoteCountsAndADownVoteReplacesIt()
    {
        var up = Succeeded(await _forum.Votes.VoteAsync(_voter.Principal, _commentId, 1));

        Assert.Equal(new VoteResult(_commentId, 1, 1), up);
        Assert.Equal((1, 0, 1, WilsonScore.LowerBound(1, 0), 1), Short(await TotalsAsync()));

        var down = Succeeded(await _forum.Votes.VoteAsync(_voter.Principal, _commentId, -1));

        Assert.Equal(new VoteResult(_commentId, -1, -1), down);
        Assert.Equal((0, 1, -1, 0d, 1), Short(await TotalsAsync()));
    }

    [Fact]
    public async Task ZeroWithdrawsAndTheSameVoteAgainChangesNothing()
    {
        Succeeded(await _forum.Votes.VoteAsync(_voter.Principal, _commentId, 1));
        var again = Succeeded(await _forum.Votes.VoteAsync(_voter.Principal, _commentId, 1));
        Assert.Equal((1, 1), (again.Score, again.MyVote));
        Assert.Equal((1, 0, 1, WilsonScore.LowerBound(1, 0), 1), Short(await TotalsAsync()));

        var withdrawn = Succeeded(await _forum.Votes.VoteAsync(_voter.Principal, _commentId, 0));

        Assert.Equal(new VoteResult(_commentId, 0, 0), withdrawn);
        Assert.Equal((0, 0, 0, 0d, 0), Short(await TotalsAsync()));
    }

    [Theory]
    [InlineData(null, 1, 1)]
    [InlineData(0, 1, 1)]
    [InlineData(1, 1, 0)]
    [InlineData(-1, 1, 1)]
    [InlineData(-1, -1, 0)]
    [InlineData(1, -1, -1)]
    public void PressingYourCurrentVoteWithdrawsIt(int? current, int pressed, int expected) =>
        Assert.Equal(expected, VoteChoice.Toggle(current, pressed));

    [Fact]
    public async Task VotesNeverTouchTheCommentsVersionSoTheyNeverConflictWithAnEdit()
    {
        var before = await TotalsAsync();
        Succeeded(await _forum.Votes.VoteAsync(_voter.Principal, _commentId, 1));

        var edited = Succeeded(await _forum.Comments.EditAsync(_author.Principal, _threadId, _commentId, "Worth a vote, surely?"));

        Assert.Equal("Worth a vote, surely?", edited.Body);
        Assert.Equal(1, edited.Score);
        Assert.Equal(before.Version + 1, (await TotalsAsync()).Version);
    }

    [Fact]
    public async Task RefusalsLeaveTheTotalsAsTheyWere()
    {
        var suspended = await _forum.AddMemberAsync(null, createdAt: null, suspendedUntil: DateTime.UtcNow.AddDays(1));
        var before = await TotalsAsync();

        AssertError(await _forum.Votes.VoteAsync(null, _commentId, 1), ForumErrorKind.Unauthenticated);
        AssertError(await _forum.Votes.VoteAsync(_author.Principal, _commentId, 1), ForumErrorKind.Forbidden);
        AssertError(await _forum.Votes.VoteAsync(suspended.Principal, _commentId, 1), ForumErrorKind.Forbidden);
        AssertError(await _forum.Votes.VoteAsync(_voter.Principal, _commentId, 2), ForumErrorKind.Invalid, "value");
        AssertError(await _forum.Votes.VoteAsync(_voter.Principal, _commentId, null), ForumErrorKind.Invalid, "value");
        AssertError(await _forum.Votes.VoteAsync(_voter.Principal, _commentId + 1000, 1), ForumErrorKind.NotFound);

        Assert.Equal(before, await TotalsAsync());
    }

    [Fact]
    public async Task DeletedAndRemovedCommentsAndLockedAndRemovedThreadsAreConflicts()
    {
        var moderator = await _forum.AddModeratorAsync();
        var deleted = (await _forum.PostAsync(_author, _threadId, "soon deleted")).Id;
        Succeeded(await _forum.Comments.DeleteAsync(_author.Principal, _threadId, deleted));
        var removed = (await _forum.PostAsync(_author, _threadId, "soon removed")).Id;
        Succeeded(await _forum.CommentModeration.RemoveCommentAsync(moderator.Principal, removed, "Off topic", includeReplies: false));

        Assert.Contains("deleted", AssertError(await _forum.Votes.VoteAsync(_voter.Principal, deleted, 1), ForumErrorKind.Conflict).Message);
        AssertError(await _forum.Votes.VoteAsync(_voter.Principal, removed, 1), ForumErrorKind.Conflict);

        Succeeded(await _forum.ThreadModeration.LockThreadAsync(moderator.Principal, _threadId, "Cooling off"));
        Assert.Equal(VoteService.LockedMessage, AssertError(await _forum.Votes.VoteAsync(_voter.Principal, _commentId, 1), ForumErrorKind.Conflict).Message);

        Succeeded(await _forum.ThreadModeration.UnlockThreadAsync(moderator.Principal, _threadId));
        Succeeded(await _forum.ThreadModeration.SetThreadRemovedAsync(moderator.Principal, _threadId, removed: true, "Spam"));
        Assert.Equal(VoteService.RemovedThreadMessage, AssertError(await _forum.Votes.VoteAsync(_voter.Principal, _commentId, 1), ForumErrorKind.Conflict).Message);

        Assert.Equal(0, await ReadAsync(db => db.Votes.CountAsync()));
    }

    [Fact]
    public async Task VotingTooFastIsRefusedWithHowLongToWait()
    {
        using var limits = new VoteLimits(Options.Create(new VoteLimitOptions { VotesPerMinute = 2 }));
        using var batcher = new ScoreBatcher(_forum.DbFactory, _forum.Bus, _forum.Clock, NullLogger<ScoreBatcher>.Instance);
        var votes = new VoteService(_forum.DbFactory, _forum.Guard, limits, batcher);

        Succeeded(await votes.VoteAsync(_voter.Principal, _commentId, 1));
        Succeeded(await votes.VoteAsync(_voter.Principal, _commentId, 0));
        var refused = AssertError(await votes.VoteAsync(_voter.Principal, _commentId, 1), ForumErrorKind.TooManyRequests);

        Assert.StartsWith("You are voting too fast. Try again in ", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        Assert.Equal(0, (await TotalsAsync()).Score);
    }

    [Fact]
    public async Task ConcurrentVotesFromManyMembersLeaveTheTotalsExact()
    {
        var members = new List<TestMember>();
        for (var i = 0; i < 24; i++)
        {
            members.Add(await _forum.AddMemberAsync());
        }

        // Every member votes at once; every third changes their mind at once too, and every fourth withdraws.
        await Task.WhenAll(members.Select((m, i) => Task.Run(async () =>
        {
            Succeeded(await _forum.Votes.VoteAsync(m.Principal, _commentId, i % 2 == 0 ? 1 : -1));
            if (i % 3 == 0)
            {
                Succeeded(await _forum.Votes.VoteAsync(m.Principal, _commentId, i % 2 == 0 ? -1 : 1));
            }

            if (i % 4 == 0)
            {
                Succeeded(await _forum.Votes.VoteAsync(m.Principal, _commentId, 0));
            }
        })));

        var stored = await ReadAsync(db => db.Votes.Where(v => v.CommentId == _commentId).Select(v => v.Value).ToListAsync());
        var up = stored.Count(v => v == 1);
        var down = stored.Count(v => v == -1);
        var expectedUp = Enumerable.Range(0, 24).Count(i => i % 4 != 0 && (i % 2 == 0) != (i % 3 == 0));
        Assert.Equal(expectedUp, up);
        Assert.Equal(18 - expectedUp, down);
        Assert.Equal((up, down, up - down, WilsonScore.LowerBound(up, down), 18), Short(await TotalsAsync()));
    }

    private static (int Up, int Down, int Score, double Rank, int Rows) Short(Totals t) => (t.Up, t.Down, t.Score, t.Rank, t.Rows);

    private async Task<T> ReadAsync<T>(Func<ForumDbContext, Task<T>> read)
    {
        await using var db = await _forum.DbFactory.CreateDbContextAsync();
        return await read(db);
    }

    private Task<Totals> TotalsAsync() => ReadAsync(async db =>
    {
        var c = await db.Comments.AsNoTracking().SingleAsync(c => c.Id == _commentId);
        return new Totals(c.UpVotes, c.DownVotes, c.Score, c.BestRank, c.Version, await db.Votes.CountAsync(v => v.CommentId == _commentId));
    });
}
