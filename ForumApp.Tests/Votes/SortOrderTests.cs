using ForumApp.Features.Threads;
using ForumApp.Features.Votes;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Votes;

/// <summary>
/// The four sorts within each group of siblings, read whole, page by page with a cursor, and a conversation at a time.
/// The thread is built so that every sort gives a different order.
/// </summary>
public sealed class SortOrderTests : IAsyncLifetime
{
    private TestForum _forum = null!;
    private long _threadId;
    private readonly Dictionary<string, long> _ids = [];

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync();
        var author = await _forum.AddMemberAsync();
        var voters = new List<TestMember>();
        for (var i = 0; i < 6; i++)
        {
            voters.Add(await _forum.AddMemberAsync());
        }

        _threadId = (await _forum.StartThreadAsync(author)).Id;
        foreach (var name in new[] { "A", "B", "C", "E" })
        {
            _ids[name] = (await _forum.PostAsync(author, _threadId, $"comment {name}")).Id;
        }

        _ids["r1"] = (await _forum.PostAsync(author, _threadId, "older reply", _ids["A"])).Id;
        _ids["r2"] = (await _forum.PostAsync(author, _threadId, "newer reply", _ids["A"])).Id;

        // A: 1 up 1 down (score 0, rank 0.09); B: none; C: 3 up (score 3, rank 0.44); E: 5 up 1 down (score 4, rank 0.436).
        // Under A, the newer reply r2 gets 2 up.
        await VoteAsync(voters[0], "A", 1);
        await VoteAsync(voters[1], "A", -1);
        for (var i = 0; i < 3; i++)
        {
            await VoteAsync(voters[i], "C", 1);
        }

        for (var i = 0; i < 5; i++)
        {
            await VoteAsync(voters[i], "E", 1);
        }

        await VoteAsync(voters[5], "E", -1);
        await VoteAsync(voters[0], "r2", 1);
        await VoteAsync(voters[1], "r2", 1);
    }

    public async Task DisposeAsync() => await _forum.DisposeAsync();

    public static TheoryData<CommentSort, string> Orders() => new()
    {
        { CommentSort.Oldest, "A r1 r2 B C E" },
        { CommentSort.Newest, "E C B A r2 r1" },
        { CommentSort.Top, "E C A r2 r1 B" },
        { CommentSort.Best, "C E A r2 r1 B" },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task EachSortOrdersEveryGroupOfSiblings(CommentSort sort, string expected)
    {
        var whole = await _forum.Threads.GetAsync(_threadId, new CommentPage { Sort = sort });

        Assert.Equal(expected, NamesOf(whole!.Comments.Select(c => c.Id)));
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task PagesWithACursorWalkTheSameOrder(CommentSort sort, string expected)
    {
        var ids = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _forum.Threads.GetAsync(_threadId, new CommentPage(2, cursor) { Sort = sort });
            Assert.True(page!.Comments.Count <= 2);
            ids.AddRange(page.Comments.Select(c => c.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(expected, NamesOf(ids));
        Assert.Equal(3, pages);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task AScreenOfConversationsFollowsTheSort(CommentSort sort, string expected)
    {
        var first = await _forum.Threads.GetConversationsAsync(_threadId, sort, count: 2);
        var rest = await _forum.Threads.GetConversationsAsync(_threadId, sort, ConversationScreen.RootOf(first!.Thread.NextCursor), count: 10);
        var place = await _forum.Threads.LocateAsync(_threadId, _ids["E"], sort);

        var read = NamesOf(first.Thread.Comments.Concat(rest!.Thread.Comments).Select(c => c.Id));
        Assert.Equal(expected, read);
        Assert.Equal(2, first.ConversationsRemaining);
        Assert.Equal(expected.Split(' ').Where(n => !n.StartsWith('r')).ToList().IndexOf("E"), place!.ConversationsBefore);
    }

    [Fact]
    public async Task WithoutVotesBestIsTheOldOrder()
    {
        var author = await _forum.AddMemberAsync();
        var threadId = (await _forum.StartThreadAsync(author)).Id;
        var first = (await _forum.PostAsync(author, threadId, "first")).Id;
        var second = (await _forum.PostAsync(author, threadId, "second")).Id;
        var reply = (await _forum.PostAsync(author, threadId, "reply", first)).Id;

        var best = await _forum.Threads.GetAsync(threadId, new CommentPage { Sort = CommentSort.Best });

        Assert.Equal([first, reply, second], best!.Comments.Select(c => c.Id));
    }

    [Fact]
    public async Task ScoresAndTheReadersOwnVotesComeWithTheComments()
    {
        var voter = await _forum.AddMemberAsync();
        await VoteAsync(voter, "B", -1);
        var thread = await _forum.Threads.GetAsync(_threadId, CommentPage.Everything);

        var mine = await _forum.Votes.WithMyVotesAsync(voter.Principal, thread!);
        var anonymous = await _forum.Votes.WithMyVotesAsync(null, thread!);

        var b = mine.Comments.Single(c => c.Id == _ids["B"]);
        Assert.Equal((-1, -1), (b.Score, b.MyVote));
        Assert.All(mine.Comments.Where(c => c.Id != _ids["B"]), c => Assert.Equal(0, c.MyVote));
        Assert.Equal(4, mine.Comments.Single(c => c.Id == _ids["E"]).Score);
        Assert.All(anonymous.Comments, c => Assert.Null(c.MyVote));
    }

    private async Task VoteAsync(TestMember voter, string name, int value) =>
        Succeeded(await _forum.Votes.VoteAsync(voter.Principal, _ids[name], value));

    private string NamesOf(IEnumerable<long> ids)
    {
        var names = _ids.ToDictionary(p => p.Value, p => p.Key);
        return string.Join(' ', ids.Select(id => names[id]));
    }
}
