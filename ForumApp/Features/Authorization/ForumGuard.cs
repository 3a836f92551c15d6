using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;

namespace ForumApp.Features.Authorization;

/// <summary>
/// The one place that decides whether an actor may write, vote, report, moderate or administer. The actor is
/// loaded fresh from the database on every call (a cookie or circuit can be minutes old; roles and
/// suspensions are not), and every refusal uses the wording of <see cref="GuardMessages"/>.
/// </summary>
public sealed class ForumGuard(TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The actor and, when they may not do it, why not. The actor is null for anonymous callers.</summary>
    public async Task<GuardDecision> CheckAsync(ForumDbContext db, ClaimsPrincipal? user, ForumPermission permission, CancellationToken cancellationToken)
    {
        var actor = await ForumActor.LoadAsync(db, user, cancellationToken);
        return new GuardDecision(actor, Decide(actor, permission, Now));
    }

    /// <summary>Why the caller may not do it, or null when they may: for actions that need no more than the answer.</summary>
    public async Task<ForumError?> RefuseAsync(ForumDbContext db, ClaimsPrincipal? user, ForumPermission permission, CancellationToken cancellationToken) =>
        (await CheckAsync(db, user, permission, cancellationToken)).Refused;

    /// <summary>The decision on an actor already loaded (e.g. kept for a few seconds by the comment poster).</summary>
    public static ForumError? Decide(ForumActor? actor, ForumPermission permission, DateTime now)
    {
        if (actor is null)
        {
            return ForumError.SignInRequired();
        }

        return permission switch
        {
            ForumPermission.Moderate when !actor.IsModerator => ForumError.Forbidden(GuardMessages.ModeratorsOnly),
            ForumPermission.Administer when !actor.IsAdmin => ForumError.Forbidden(GuardMessages.AdminsOnly),
            _ => RefuseSuspended(actor.SuspendedUntil, now),
        };
    }

    /// <summary>
    /// The suspension rule alone, for a decision made from a database row rather than an actor (the comment
    /// writer reads the author's suspension again under the write lock).
    /// </summary>
    public static ForumError? RefuseSuspended(DateTime? suspendedUntil, DateTime now) =>
        suspendedUntil is { } until && until > now ? ForumError.Forbidden(GuardMessages.Suspended(until)) : null;
}

/// <summary>Who asked and, when refused, why; <see cref="Actor"/> is non-null whenever <see cref="Refused"/> is null.</summary>
public readonly record struct GuardDecision(ForumActor? Actor, ForumError? Refused)
{
    public ForumActor Allowed => Actor ?? throw new InvalidOperationException("The guard refused this actor.");
}
