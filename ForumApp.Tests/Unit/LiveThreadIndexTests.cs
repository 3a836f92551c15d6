using ForumApp.Data;
using ForumApp.Features.Threads;
using ForumApp.Realtime;

namespace ForumApp.Tests.Unit;

/// <summary>
/// The thread finds comments, and the end of a subtree, through a small index beside the comments instead of
/// reading every comment's record: after any run of events, pages, shown replies and removals, the index says
/// where each comment is and a reply lands right after its parent's subtree.
/// </summary>
public sealed class LiveThreadIndexTests : LiveThreadTest
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AfterAnyRunOfChangesEveryCommentIsFoundWhereItIs(int seed)
    {
        var random = new Random(seed);
        var live = Live(lastSeq: 10);
        var seq = 10L;
        var nextId = 100L;
        for (var step = 0; step < 400; step++)
        {
            var shown = live.Comments;
            var chosen = shown[random.Next(shown.Count)];
            switch (random.Next(6))
            {
                case 0 or 1:
                    // A reply: it goes after the parent's whole subtree.
                    var end = live.IndexOf(chosen.Id) + 1;
                    while (end < shown.Count && shown[end].Depth > chosen.Depth)
                    {
                        end++;
                    }

                    var reply = Comment(nextId++, chosen.Id, chosen.Depth + 1);
                    live.Apply(Event(++seq, ThreadEventKind.Posted, reply));
                    Assert.Equal(end, live.IndexOf(reply.Id));
                    Assert.Equal(chosen.ReplyCount + 1, live.Comments[live.IndexOf(chosen.Id)].ReplyCount);
                    break;
                case 2:
                    // A new conversation waits behind the button, then shows.
                    live.Apply(Event(++seq, ThreadEventKind.Posted, Comment(nextId++, parentId: null, depth: 0)));
                    if (random.Next(2) == 0)
                    {
                        live.ShowHeld();
                    }

                    break;
                case 3 when chosen.ReplyCount == 0:
                    // An author's deletion of a comment nobody answered leaves no trace.
                    live.Apply(Event(++seq, ThreadEventKind.Deleted, Deleted(chosen, "author")));
                    Assert.Equal(-1, live.IndexOf(chosen.Id));
                    break;
                case 4:
                    // "More replies": the subtree read whole replaces what was shown of it.
                    var start = live.IndexOf(chosen.Id);
                    var subtreeEnd = start + 1;
                    while (subtreeEnd < shown.Count && shown[subtreeEnd].Depth > chosen.Depth)
                    {
                        subtreeEnd++;
                    }

                    live.ShowReplies(chosen.Id, shown.Skip(start + 1).Take(subtreeEnd - start - 1).ToList());
                    break;
                default:
                    live.Append([Comment(nextId++, parentId: null, depth: 0)], nextCursor: null);
                    break;
            }

            for (var index = 0; index < live.Comments.Count; index++)
            {
                Assert.Equal(index, live.IndexOf(live.Comments[index].Id));
            }

            Assert.Equal(-1, live.IndexOf(nextId));
        }
    }
}
