using ForumApp.Features.Comments;
using ForumApp.Features.Threads;

namespace ForumApp.Components.Threads;

/// <summary>What of the thread the reader has loaded: another sort, more conversations, a subtree, a comment revealed, an entry restored.</summary>
public sealed partial class LiveThreadSession
{
    /// <summary>The other order starts elsewhere in the tree: reads its first screen anew and keeps following events.</summary>
    public async Task ChangeSortAsync(CommentSort sort)
    {
        if (Live is not null && await _services.Threads.GetConversationsAsync(Live.Thread.Id, sort) is { } screen)
        {
            await ShowAsync(new LiveThread(screen, sort));
        }
    }

    /// <summary>Top-level conversations shown (those of the pages read, and new ones shown since).</summary>
    public int LoadedConversations => Live?.Comments.Count(c => c.ParentId is null) ?? 0;

    /// <summary>Reads the next screen of conversations (or, for a copy read by comments, of comments) after the ones shown.</summary>
    public Task LoadMoreAsync() => LoadMoreAsync(ConversationScreen.Size);

    private async Task LoadMoreAsync(int conversations)
    {
        if (Live is not { NextCursor: { } cursor } live || IsLoadingMore)
        {
            return;
        }

        IsLoadingMore = true;
        try
        {
            if (live.ByConversation)
            {
                var screen = await _services.Threads.GetConversationsAsync(live.Thread.Id, live.Sort, ConversationScreen.RootOf(cursor), conversations);
                if (screen is not null && ReferenceEquals(live, Live))
                {
                    live.AppendConversations(screen);
                    await ShowMyVotesAsync();
                }
            }
            else
            {
                var page = await _services.Threads.GetAsync(live.Thread.Id, new CommentPage(CommentPage.ScreenSize, cursor) { Sort = live.Sort });
                if (page is not null && ReferenceEquals(live, Live))
                {
                    live.Append(page.Comments, page.NextCursor);
                    await ShowMyVotesAsync();
                }
            }
        }
        catch (InvalidReadException)
        {
            // The comment the cursor stood on is gone: start again from the top in the same order.
            await ChangeSortAsync(live.Sort);
        }
        finally
        {
            IsLoadingMore = false;
        }
    }

    /// <summary>Reads every reply under a comment whose first replies only are shown.</summary>
    public async Task LoadRepliesAsync(long parentId)
    {
        if (Live is not { } live)
        {
            return;
        }

        if (await _services.Threads.GetRepliesAsync(live.Thread.Id, parentId, live.Sort) is { } replies && ReferenceEquals(live, Live))
        {
            live.ShowReplies(parentId, replies);
            await ShowMyVotesAsync();
        }
    }

    /// <summary>
    /// Makes sure a comment is shown, reading what it takes: the pages up to its conversation, then the replies
    /// of its nearest shown ancestor. False when the comment is not in the thread (or cannot be shown).
    /// </summary>
    public async Task<bool> RevealAsync(long commentId)
    {
        if (Live is not { } live)
        {
            return false;
        }

        if (live.IndexOf(commentId) >= 0)
        {
            return true;
        }

        if (await _services.Threads.LocateAsync(live.Thread.Id, commentId, live.Sort) is not { } location || !ReferenceEquals(live, Live))
        {
            return false;
        }

        if (live.IndexOf(location.RootId) < 0 && !live.IsComplete)
        {
            await LoadMoreAsync(Math.Clamp(location.ConversationsBefore + 1 - LoadedConversations, 1, CommentPage.MaxLimit));
        }

        // Each reply read shows a whole subtree (up to its limit): the nearest shown ancestor's brings the comment.
        foreach (var ancestor in location.Ancestors.Reverse())
        {
            if (live.IndexOf(commentId) >= 0 || !ReferenceEquals(live, Live))
            {
                break;
            }

            if (live.IndexOf(ancestor) >= 0)
            {
                await LoadRepliesAsync(ancestor);
            }
        }

        return live.IndexOf(commentId) >= 0;
    }

    /// <summary>Brings back what the reader had loaded in this history entry: as many conversations, the same replies read.</summary>
    public async Task RestoreAsync(int conversations, IReadOnlyList<long> wholeSubtrees)
    {
        if (Live is not { ByConversation: true } live)
        {
            return;
        }

        if (conversations > LoadedConversations && !live.IsComplete)
        {
            await LoadMoreAsync(Math.Min(conversations - LoadedConversations, CommentPage.MaxLimit));
        }

        foreach (var parentId in wholeSubtrees)
        {
            if (live.IndexOf(parentId) >= 0 && !live.WholeSubtrees.Contains(parentId))
            {
                await LoadRepliesAsync(parentId);
            }
        }
    }
}
