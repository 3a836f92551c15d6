using System.Collections.Concurrent;
using ForumApp.Realtime;

namespace ForumApp.Features.Accounts;

/// <summary>
/// Token families this instance recently found standing. A client posting several comments a second would
/// otherwise cost a database query per request for its family alone, more than the comment's own share of the
/// write. An entry lives <see cref="Lifetime"/> at most; a family ended on this instance is forgotten at once, and so
/// is every family of an account whose sessions another instance ended, as soon as its notice arrives over the bus
/// (<see cref="Lifetime"/> stays the bound when the bus between instances is down).
/// </summary>
public sealed class StandingTokenFamilies(TimeProvider clock) : IRemoteUserNoticeObserver
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<(long UserId, string Family), long> _standingUntil = new();
    private long _endings;

    /// <summary>Read before asking the database; hand it to <see cref="Remember"/> with the answer.</summary>
    public long Endings => Interlocked.Read(ref _endings);

    public bool IsStanding(long userId, string family) =>
        _standingUntil.TryGetValue((userId, family), out var until) && clock.GetTimestamp() < until;

    /// <summary>Remembers a family the database showed standing, unless a family ended since <paramref name="endingsBefore"/>.</summary>
    public void Remember(long userId, string family, long endingsBefore)
    {
        if (_standingUntil.Count > SweepAbove)
        {
            Sweep();
        }

        var key = (userId, family);
        _standingUntil[key] = clock.GetTimestamp() + (long)(Lifetime.TotalSeconds * clock.TimestampFrequency);

        // An ending that raced the database read may have removed its entries before this one was stored.
        if (Endings != endingsBefore)
        {
            _standingUntil.TryRemove(key, out _);
        }
    }

    /// <summary>Forgets the account's families (all of them, or the one given); called before the rows are deleted and after.</summary>
    public void Forget(long userId, string? family = null)
    {
        Interlocked.Increment(ref _endings);
        foreach (var key in _standingUntil.Keys)
        {
            if (key.UserId == userId && (family is null || key.Family == family))
            {
                _standingUntil.TryRemove(key, out _);
            }
        }
    }

    /// <summary>
    /// Another instance ended the account's sessions (<see cref="BearerSessions.EndAllAsync"/>): its rows are gone
    /// before the notice is sent, so forgetting now sends the next check to the database, which refuses it.
    /// </summary>
    public void OnRemoteUserNotice(UserNotice notice)
    {
        if (notice.Kind == UserNoticeKind.SessionsEnded)
        {
            Forget(notice.UserId);
        }
    }

    private void Sweep()
    {
        var now = clock.GetTimestamp();
        foreach (var (key, until) in _standingUntil)
        {
            if (until <= now)
            {
                _standingUntil.TryRemove(key, out _);
            }
        }
    }
}
