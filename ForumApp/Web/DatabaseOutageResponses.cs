using ForumApp.Data;
using ForumApp.Features;

namespace ForumApp.Web;

/// <summary>
/// A request that fails because the database is locked or unreadable: the availability check hears of
/// it, and API callers get a 503 problem with Retry-After instead of a bare 500.
/// </summary>
public static class DatabaseOutageResponses
{
    public static WebApplication UseDatabaseOutageResponses(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next();
            }
            catch (Exception exception) when (DatabaseAvailability.IsUnavailableError(exception))
            {
                context.RequestServices.GetRequiredService<DatabaseAvailability>().ReportFailure(exception);
                if (!WebSetup.IsApiPath(context.Request.Path) || context.Response.HasStarted)
                {
                    throw;
                }

                var refused = ForumError.DatabaseUnavailable();
                context.Response.Clear();
                await ApiInput.Problem(refused, context).ExecuteAsync(context);
            }
        });
        return app;
    }
}
