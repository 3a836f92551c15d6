namespace ForumApp.Features.Threads;

/// <summary>
/// The conversations a run of live changes touched, by the id of their top-level comment, each with where its
/// changes lie: under one comment (a reply to it, its score) or anywhere in it. A page lays out only that
/// comment's subtree when it can, instead of the whole conversation: every open page does this for every reply.
/// </summary>
public sealed class ConversationChanges
{
    private readonly Dictionary<long, ChangedWithin> _within = [];

    public int Count => _within.Count;

    /// <summary>A change in the subtree of the comment <paramref name="within"/> holds at <paramref name="index"/> in the flat list.</summary>
    public void Add(long rootId, ChangedWithin within)
    {
        // Two places in one conversation are laid out whole, since which of them holds the other is not known here;
        // two replies to one comment are that comment's subtree.
        _within[rootId] = !_within.TryGetValue(rootId, out var known) || known == within ? within
            : known.CommentId == within.CommentId && known.Index == within.Index ? known with { AddedAt = -1 }
            : ChangedWithin.Anywhere;
    }

    /// <summary>Adds these changes to <paramref name="into"/>.</summary>
    public void AddTo(ConversationChanges into)
    {
        foreach (var (rootId, within) in _within)
        {
            into.Add(rootId, within);
        }
    }

    public bool Contains(long rootId) => _within.ContainsKey(rootId);

    public void Clear() => _within.Clear();

    /// <summary>The struct enumerator: every open page walks these for every live event.</summary>
    public Dictionary<long, ChangedWithin>.Enumerator GetEnumerator() => _within.GetEnumerator();
}

/// <summary>
/// Where in a conversation its changes lie: the subtree of the comment <see cref="CommentId"/>, which was at
/// <see cref="Index"/> of the flat list when it changed (a later change may move it: then the whole conversation is
/// laid out), or, with a zero id, anywhere. With <see cref="AddedAt"/>, the change is that comment's new last reply,
/// at that index, and nothing else.
/// </summary>
public readonly record struct ChangedWithin(long CommentId, int Index, int AddedAt = -1)
{
    public static ChangedWithin Anywhere => default;

    public bool IsAnywhere => CommentId == 0;
}
