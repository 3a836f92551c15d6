using System.Collections.Concurrent;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ForumApp.Web.Hubs;

/// <summary>
/// Connections to the live-threads hub open at once: anonymous ones per client address (watching needs no
/// account, so without a cap one machine could hold thousands), signed-in ones per account (one token
/// held 500, each counted as a viewer). A member's connections also close when the member is suspended:
/// the moderation service's per-member "suspended" notice reaches every instance through the event bus.
/// </summary>
public sealed class HubConnectionLimits(IOptions<AccountOptions> options, ForumEventBus? bus = null)
{
    private readonly ConcurrentDictionary<string, int> _open = new();
    private readonly ConcurrentDictionary<long, MemberConnections> _members = new();

    public int PerAddress => Math.Max(1, options.Value.HubConnectionsPerAddress);

    public int PerMember => Math.Max(1, options.Value.HubConnectionsPerMember);

    public bool TryEnter(string addressKey)
    {
        while (true)
        {
            var open = _open.GetOrAdd(addressKey, 0);
            if (open >= PerAddress)
            {
                return false;
            }

            if (_open.TryUpdate(addressKey, open + 1, open))
            {
                return true;
            }
        }
    }

    public void Leave(string addressKey)
    {
        while (_open.TryGetValue(addressKey, out var open))
        {
            if (open <= 1 ? _open.TryRemove(new KeyValuePair<string, int>(addressKey, open)) : _open.TryUpdate(addressKey, open - 1, open))
            {
                return;
            }
        }
    }

    public int OpenFrom(string addressKey) => _open.GetValueOrDefault(addressKey);

    /// <summary>Counts a member's connection unless the account holds its maximum; the first one subscribes to the member's notices.</summary>
    public bool TryEnterMember(long userId, HubCallerContext connection)
    {
        while (true)
        {
            var member = _members.GetOrAdd(userId, _ => new MemberConnections());
            lock (member)
            {
                // Retired: its last connection left while this one looked it up; take a fresh entry.
                if (member.Retired)
                {
                    continue;
                }

                if (member.Connections.Count >= PerMember)
                {
                    return false;
                }

                member.Connections[connection.ConnectionId] = connection;
                member.Subscription ??= bus?.SubscribeUser(userId, notice => OnNoticeAsync(userId, notice));
                return true;
            }
        }
    }

    public void LeaveMember(long userId, string connectionId)
    {
        if (!_members.TryGetValue(userId, out var member))
        {
            return;
        }

        IDisposable? subscription = null;
        lock (member)
        {
            if (member.Connections.Remove(connectionId) && member.Connections.Count == 0)
            {
                member.Retired = true;
                _members.TryRemove(new KeyValuePair<long, MemberConnections>(userId, member));
                subscription = member.Subscription;
            }
        }

        subscription?.Dispose();
    }

    public int OpenFor(long userId)
    {
        if (!_members.TryGetValue(userId, out var member))
        {
            return 0;
        }

        lock (member)
        {
            return member.Connections.Count;
        }
    }

    /// <summary>Closes every connection of the member on this instance (they leave through the usual disconnect path).</summary>
    public void CloseMember(long userId)
    {
        if (!_members.TryGetValue(userId, out var member))
        {
            return;
        }

        HubCallerContext[] connections;
        lock (member)
        {
            connections = [.. member.Connections.Values];
        }

        foreach (var connection in connections)
        {
            connection.Abort();
        }
    }

    private Task OnNoticeAsync(long userId, UserNotice notice)
    {
        // A connection keeps the identity it opened with: after a sign-out or a password change one opened
        // with a stolen token went on posting as the member until it closed by itself.
        if (notice.Kind is UserNoticeKind.Suspended or UserNoticeKind.SessionsEnded)
        {
            CloseMember(userId);
        }

        return Task.CompletedTask;
    }

    private sealed class MemberConnections
    {
        public Dictionary<string, HubCallerContext> Connections { get; } = [];
        public IDisposable? Subscription { get; set; }
        public bool Retired { get; set; }
    }
}

/// <summary>Applies <see cref="HubConnectionLimits"/> as hub connections open and close, and refuses suspended members.</summary>
internal sealed class HubConnectionLimitFilter(
    HubConnectionLimits limits, IDbContextFactory<ForumDbContext> dbFactory, TimeProvider clock) : IHubFilter
{
    private const string CountedKey = "counted-address";
    private const string MemberKey = "counted-member";

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var connection = context.Context;
        if (connection.User?.Identity?.IsAuthenticated != true)
        {
            var addressKey = ClientAddresses.PartitionKey(connection.GetHttpContext()?.Connection.RemoteIpAddress);
            if (!limits.TryEnter(addressKey))
            {
                throw new HubException(
                    $"429: Too many live connections from your network (at most {limits.PerAddress}). Close another tab or sign in.");
            }

            connection.Items[CountedKey] = addressKey;
        }
        else
        {
            await EnterMemberAsync(connection);
        }

        try
        {
            await next(context);
        }
        catch
        {
            Release(connection);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            Release(context.Context);
        }
    }

    /// <summary>
    /// Counted (and subscribed to the member's notices) before the suspension is read, so a suspension
    /// between the two either shows in the read or closes the connection through the notice.
    /// </summary>
    private async Task EnterMemberAsync(HubCallerContext connection)
    {
        var userId = ForumActor.IdOf(connection.User) ?? throw new HubException("401: The sign-in is not valid.");
        if (!limits.TryEnterMember(userId, connection))
        {
            throw new HubException(
                $"429: Too many live connections for your account (at most {limits.PerMember}). Close another tab.");
        }

        connection.Items[MemberKey] = userId;
        await using var db = await dbFactory.CreateDbContextAsync(connection.ConnectionAborted);
        var suspendedUntil = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SuspendedUntil).SingleOrDefaultAsync(connection.ConnectionAborted);
        if (suspendedUntil is { } until && until > clock.GetUtcNow().UtcDateTime)
        {
            Release(connection);
            throw new HubException("403: This account is suspended. Connect without signing in to follow threads.");
        }
    }

    private void Release(HubCallerContext connection)
    {
        if (connection.Items.Remove(CountedKey, out var key) && key is string addressKey)
        {
            limits.Leave(addressKey);
        }

        if (connection.Items.Remove(MemberKey, out var member) && member is long userId)
        {
            limits.LeaveMember(userId, connection.ConnectionId);
        }
    }
}
