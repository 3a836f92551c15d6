using System.Collections.Concurrent;
using ForumApp.Features.Accounts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ForumApp.Web.Hubs;

/// <summary>
/// Anonymous connections to the live-threads hub open at once, per client address: watching needs no
/// account, so without a cap one machine could hold thousands of connections. Members are not counted;
/// their connections belong to an account that can be suspended.
/// </summary>
public sealed class HubConnectionLimits(IOptions<AccountOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new();

    public int PerAddress => Math.Max(1, options.Value.HubConnectionsPerAddress);

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
}

/// <summary>Applies <see cref="HubConnectionLimits"/> as hub connections open and close.</summary>
internal sealed class HubConnectionLimitFilter(HubConnectionLimits limits) : IHubFilter
{
    private const string CountedKey = "counted-address";

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

    private void Release(HubCallerContext connection)
    {
        if (connection.Items.Remove(CountedKey, out var key) && key is string addressKey)
        {
            limits.Leave(addressKey);
        }
    }
}
