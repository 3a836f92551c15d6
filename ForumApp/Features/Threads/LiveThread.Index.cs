using System.Runtime.InteropServices;
using ForumApp.Realtime;

namespace ForumApp.Features.Threads;

/// <summary>
/// Where each comment is: the comments' ids and places in the tree, kept in step with the comments, so finding
/// a comment or the end of a subtree does not read every comment's record. Every open page does it for every
/// live event, and a long thread has thousands of comments.
/// </summary>
public sealed partial class LiveThread
{
    public int IndexOf(long commentId)
    {
        var placements = CollectionsMarshal.AsSpan(_placements);
        for (var i = 0; i < placements.Length; i++)
        {
            if (placements[i].Id == commentId)
            {
                return i;
            }
        }

        return -1;
    }

    private void AddComment(CommentView comment) => InsertComment(_comments.Count, comment);

    private void InsertComment(int index, CommentView comment)
    {
        _comments.Insert(index, comment);
        _placements.Insert(index, Placement.Of(comment));
    }

    private void RemoveCommentAt(int index)
    {
        _comments.RemoveAt(index);
        _placements.RemoveAt(index);
    }

    private void PlaceAllAgain()
    {
        _placements.Clear();
        _placements.AddRange(_comments.Select(Placement.Of));
    }

    /// <summary>A comment's id, its depth and whether it starts a conversation: 16 bytes, side by side with the others.</summary>
    private readonly record struct Placement(long Id, int Depth, bool TopLevel)
    {
        public static Placement Of(CommentView comment) => new(comment.Id, comment.Depth, comment.ParentId is null);
    }
}
