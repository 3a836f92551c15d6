using ForumApp.Data;
using ForumApp.Features;
using Microsoft.AspNetCore.SignalR;

namespace ForumApp.Web.Hubs;

/// <summary>A hub call that fails because the database is locked or unreadable answers "503: …", like the API.</summary>
internal sealed class DatabaseOutageHubFilter(DatabaseAvailability availability) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception exception) when (DatabaseAvailability.IsUnavailableError(exception))
        {
            availability.ReportFailure(exception);
            var refused = ForumError.DatabaseUnavailable();
            throw new HubException($"{refused.Status}: {refused.Message}");
        }
    }
}
