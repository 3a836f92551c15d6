using ForumApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Accounts;

/// <summary>Roles, configured admins and (in Development) demo accounts, ensured at every start.</summary>
public static partial class AccountBootstrap
{
    public sealed record DemoAccount(string Email, string DisplayName, string Password, string[] Roles);

    /// <summary>Listed in the README; created only in Development unless Forum:DemoAccounts says otherwise.</summary>
    public static readonly DemoAccount[] DemoAccounts =
    [
        new("member@forum.test", "Demo Member", "member-password-1", [ForumRoles.Member]),
        new("moderator@forum.test", "Demo Moderator", "moderator-password-1", [ForumRoles.Member, ForumRoles.Moderator]),
        new("admin@forum.test", "Demo Admin", "admin-password-1", [ForumRoles.Member, ForumRoles.Admin]),
    ];

    public static async Task EnsureForumAccountsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var roles = services.GetRequiredService<RoleManager<IdentityRole<long>>>();
        var users = services.GetRequiredService<UserManager<ForumUser>>();
        var options = services.GetRequiredService<IOptions<AccountOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccountBootstrap));
        var clock = services.GetRequiredService<TimeProvider>();

        await RenormalizeDisplayNamesAsync(services.GetRequiredService<IDbContextFactory<ForumDbContext>>(), logger);

        foreach (var role in ForumRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<long>(role));
            }
        }

        if (options.DemoAccounts ?? app.Environment.IsDevelopment())
        {
            foreach (var demo in DemoAccounts)
            {
                if (await users.FindByEmailAsync(demo.Email) is not null)
                {
                    continue;
                }

                var user = new ForumUser
                {
                    UserName = demo.Email,
                    Email = demo.Email,
                    DisplayName = demo.DisplayName,
                    CreatedAt = clock.GetUtcNow().UtcDateTime.AddDays(-30),
                };
                var created = await users.CreateAsync(user, demo.Password);
                if (created.Succeeded)
                {
                    await users.AddToRolesAsync(user, demo.Roles);
                    LogDemoAccount(logger, demo.Email);
                }
            }
        }

        foreach (var email in options.AdminEmails.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            var user = await users.FindByEmailAsync(email.Trim());
            if (user is not null && !await users.IsInRoleAsync(user, ForumRoles.Admin))
            {
                await users.AddToRoleAsync(user, ForumRoles.Admin);
                LogAdminGranted(logger, email);
            }
        }
    }

    /// <summary>
    /// Brings stored normalized names up to the current skeleton (they were upper-cased names before). Two
    /// existing names with one skeleton both stay: the older account keeps the skeleton, the newer one a
    /// value no new name can have (with its id), so neither can be taken again. Two saves: first every
    /// changed row to a placeholder, so no intermediate state breaks the unique index.
    /// </summary>
    private static async Task RenormalizeDisplayNamesAsync(IDbContextFactory<ForumDbContext> dbFactory, ILogger logger)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var users = await db.Users.OrderBy(u => u.Id).ToListAsync();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var changed = new List<(ForumUser User, string Normalized)>();
        foreach (var user in users)
        {
            var skeleton = DisplayNames.Normalize(user.DisplayName);
            var normalized = taken.Add(skeleton) ? skeleton : $"{skeleton[..Math.Min(skeleton.Length, 20)]}~{user.Id}";
            if (user.NormalizedDisplayName != normalized)
            {
                changed.Add((user, normalized));
            }
        }

        if (changed.Count == 0)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var (user, _) in changed)
        {
            user.NormalizedDisplayName = $"~{user.Id}";
        }

        await db.SaveChangesAsync();
        foreach (var (user, normalized) in changed)
        {
            user.NormalizedDisplayName = normalized;
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        LogRenormalized(logger, changed.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Updated the look-alike form of {Count} display names.")]
    private static partial void LogRenormalized(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created demo account {Email}.")]
    private static partial void LogDemoAccount(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Granted the Admin role to {Email} (Forum:AdminEmails).")]
    private static partial void LogAdminGranted(ILogger logger, string email);
}
