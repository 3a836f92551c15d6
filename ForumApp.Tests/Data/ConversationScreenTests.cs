using ForumApp.Features.Threads;

namespace ForumApp.Tests.Data;

/// <summary>A reader's page reads a thread a conversation at a time, each with its first replies only.</summary>
public sealed class ConversationScreenTests : IAsyncLifetime
{
    private TestForum _forum = null!;
    private TestMember _author = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync(new TestClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), TestClockTimers.Manual));
        _author = await _forum.AddMemberAsync("Long talker");
    }

    public async Task DisposeAsync() => await _forum.DisposeAsync();

    [Fact]
    public async Task ALongChainGetsItsShareAndTheRestOfTheThreadFollowsAConversationAtATime()
    {
        var (threadId, chain, others) = await LongThreadAsync(chainLength: 20, otherConversations: 30);

        var first = await _forum.Threads.GetConversationsAsync(threadId, CommentSort.Oldest);

        Assert.NotNull(first);
        var comments = first.Thread.Comments;
        Assert.Equal(ConversationScreen.Size, comments.Count(c => c.ParentId is null));
        Assert.Equal(chain.Take(ConversationScreen.RepliesEach + 1), comments.Where(c => c.Depth > 0 || c.Id == chain[0]).Select(c => c.Id));
        Assert.Equal(6, first.ConversationsRemaining);

        var next = await _forum.Threads.GetConversationsAsync(threadId, CommentSort.Oldest, ConversationScreen.RootOf(first.Thread.NextCursor));

        Assert.NotNull(next);
        Assert.Equal(others.Skip(ConversationScreen.Size - 1), next.Thread.Comments.Select(c => c.Id));
        Assert.Equal(0, next.ConversationsRemaining);
        Assert.Null(next.Thread.NextCursor);

        var rest = await _forum.Threads.GetRepliesAsync(threadId, chain[ConversationScreen.RepliesEach]);
        Assert.Equal(chain.Skip(ConversationScreen.RepliesEach + 1), rest!.Select(c => c.Id));
    }

    [Fact]
    public async Task TheFirstScreenStopsAtItsBudgetOfCardsAndTheRestFollowsWithoutGapsOrRepeats()
    {
        var thread = await _forum.StartThreadAsync(_author);
        var conversations = new List<List<long>>();
        for (var i = 0; i < 12; i++)
        {
            var chain = new List<long>();
            for (var depth = 0; depth < ConversationScreen.RepliesEach + 3; depth++)
            {
                chain.Add((await _forum.PostAsync(_author, thread.Id, $"conversation {i}, level {depth}", chain.Count == 0 ? null : chain[^1])).Id);
            }

            conversations.Add(chain);
        }

        var first = await _forum.Threads.GetConversationsAsync(thread.Id, CommentSort.Oldest);

        // Whole conversations while they fit, then the first cards of the one that does not.
        var perConversation = ConversationScreen.RepliesEach + 1;
        var whole = ConversationScreen.FirstScreenCards / perConversation;
        var cutAt = Math.Max(1, ConversationScreen.FirstScreenCards - whole * perConversation);
        var cut = conversations[whole];
        var expected = conversations.Take(whole).SelectMany(c => c.Take(perConversation)).Concat(cut.Take(cutAt));
        Assert.Equal(expected, first!.Thread.Comments.Select(c => c.Id));
        Assert.Equal(conversations.Count - whole - 1, first.ConversationsRemaining);

        var rest = await _forum.Threads.GetRepliesAsync(thread.Id, cut[cutAt - 1]);
        Assert.Equal(cut.Skip(cutAt), rest!.Select(c => c.Id));

        var next = await _forum.Threads.GetConversationsAsync(thread.Id, CommentSort.Oldest, ConversationScreen.RootOf(first.Thread.NextCursor));
        Assert.Equal(conversations.Skip(whole + 1).Select(c => c[0]), next!.Thread.Comments.Where(c => c.ParentId is null).Select(c => c.Id));
        Assert.Empty(next.Thread.Comments.Select(c => c.Id).Intersect(first.Thread.Comments.Select(c => c.Id)));
        Assert.Null(next.Thread.NextCursor);
    }

    [Fact]
    public async Task NewestFirstStartsFromTheLatestConversation()
    {
        var (threadId, _, others) = await LongThreadAsync(chainLength: 3, otherConversations: 30);

        var first = await _forum.Threads.GetConversationsAsync(threadId, CommentSort.Newest);

        Assert.Equal(others.AsEnumerable().Reverse().Take(ConversationScreen.Size), first!.Thread.Comments.Select(c => c.Id));
        Assert.Equal(6, first.ConversationsRemaining);
    }

    [Fact]
    public async Task ACommentIsLocatedByItsAncestorsAndTheConversationsBeforeItsOwn()
    {
        var (threadId, chain, others) = await LongThreadAsync(chainLength: 5, otherConversations: 4);

        var deep = await _forum.Threads.LocateAsync(threadId, chain[3], CommentSort.Oldest);
        var late = await _forum.Threads.LocateAsync(threadId, others[3], CommentSort.Oldest);
        var lateNewestFirst = await _forum.Threads.LocateAsync(threadId, others[3], CommentSort.Newest);

        Assert.Equal(chain.Take(3), deep!.Ancestors);
        Assert.Equal(0, deep.ConversationsBefore);
        Assert.Empty(late!.Ancestors);
        Assert.Equal(4, late.ConversationsBefore);
        Assert.Equal(0, lateNewestFirst!.ConversationsBefore);
        Assert.Null(await _forum.Threads.LocateAsync(threadId, chain[0] + 10_000, CommentSort.Oldest));
    }

    private async Task<(long ThreadId, List<long> Chain, List<long> Others)> LongThreadAsync(int chainLength, int otherConversations)
    {
        var thread = await _forum.StartThreadAsync(_author);
        var chain = new List<long>();
        for (var depth = 0; depth < chainLength; depth++)
        {
            chain.Add((await _forum.PostAsync(_author, thread.Id, $"level {depth}", chain.Count == 0 ? null : chain[^1])).Id);
        }

        var others = new List<long>();
        for (var i = 0; i < otherConversations; i++)
        {
            others.Add((await _forum.PostAsync(_author, thread.Id, $"conversation {i}")).Id);
        }

        return (thread.Id, chain, others);
    }
}
