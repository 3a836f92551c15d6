using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ForumApp.Data;

/// <summary>
/// Healthy only when the database can be written to now: an open file is not enough, and neither is a
/// read, which another process's write lock on a WAL database does not stop. The same check drives the
/// pages' outage banner, so health and banner never disagree.
/// </summary>
internal sealed class DatabaseHealthCheck(DatabaseAvailability availability) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await availability.ProbeAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be written to.");
}
