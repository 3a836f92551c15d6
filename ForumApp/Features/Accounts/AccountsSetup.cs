using ForumApp.Data;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace ForumApp.Features.Accounts;

public static class AccountsSetup
{
    /// <summary>Browsers use the Identity cookie, other clients a bearer token; this scheme picks per request.</summary>
    public const string CookieOrBearerScheme = "CookieOrBearer";

    /// <summary>The Identity cookie's name (chunked cookies add C1, C2, ...).</summary>
    public const string SessionCookieName = "forum.auth";

    public static WebApplicationBuilder AddForumAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AccountOptions>(builder.Configuration.GetSection("Forum"));
        var accountOptions = builder.Configuration.GetSection("Forum").Get<AccountOptions>() ?? new AccountOptions();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieOrBearerScheme;
                options.DefaultChallengeScheme = CookieOrBearerScheme;
            })
            .AddPolicyScheme(CookieOrBearerScheme, "Cookie or bearer token", options =>
            {
                options.ForwardDefaultSelector = context => IsTokenRequest(context.Request)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme;
            })
            .AddBearerToken(IdentityConstants.BearerScheme, options =>
            {
                options.BearerTokenExpiration = TimeSpan.FromHours(1);
                options.RefreshTokenExpiration = TimeSpan.FromDays(14);

                // Browsers cannot set headers on a WebSocket, so the hub also takes ?access_token=.
                options.Events.OnMessageReceived = context =>
                {
                    var token = context.Request.Query["access_token"].ToString();
                    if (token.Length > 0 && context.Request.Path.StartsWithSegments("/hubs"))
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                };
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(options =>
            {
                options.LoginPath = "/account/login";
                options.LogoutPath = "/account/logout";
                options.AccessDeniedPath = "/account/access-denied";
                options.Cookie.Name = SessionCookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromDays(14);
                options.SlidingExpiration = true;

                // Sign-out and password change take effect at once: the security stamp is checked on every
                // request. Identity's own validator (every 30 minutes by default) re-issues the cookie
                // each time it checks, which at interval zero would mean a new cookie on every response.
                options.Events.OnValidatePrincipal = RejectStaleCookieAsync;

                // API and hub callers get status codes, never a redirect to an HTML log-in page.
                options.Events.OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden);
            }));

        services.AddIdentityCore<ForumUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = AccountService.MinPasswordLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.SignIn.RequireConfirmedEmail = false;
            })
            .AddRoles<IdentityRole<long>>()
            .AddEntityFrameworkStores<ForumDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddUserValidator<DisplayNameValidator>()
            .AddClaimsPrincipalFactory<ForumClaimsPrincipalFactory>();

        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, ForumAuthenticationStateProvider>();
        services.AddSingleton<IEmailSender<ForumUser>, DevelopmentEmailSender>();
        services.AddScoped<AccountService>();
        services.AddSingleton<RegistrationLimits>();
        services.AddScoped<LoginService>();
        services.AddScoped<BearerSessions>();
        services.AddSingleton<StandingTokenFamilies>();
        services.AddSingleton<IRemoteUserNoticeObserver>(sp => sp.GetRequiredService<StandingTokenFamilies>());
        services.AddScoped<PasswordResetService>();

        // Per client address, on top of per-account lockout; one budget for the log-in page and the API.
        services.AddSingleton<LoginLimits>();
        services.AddSingleton<ReportLimits>();
        services.AddSingleton<PasswordResetAddressLimits>();
        services.AddSingleton<PasswordResetAccountLimits>();

        return builder;
    }

    public static WebApplication UseForumAccounts(this WebApplication app)
    {
        app.UseAuthentication();

        // The bearer handler only checks a token's signature and expiry; this also checks that the token's
        // family stands: the account has not signed out or changed its password since, nor was it reused.
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true && IsTokenRequest(context.Request)
                && !await context.RequestServices.GetRequiredService<BearerSessions>().IsCurrentAsync(context.User, context.RequestAborted))
            {
                context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
            }

            await next();
        });
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>A bearer token in the header, or for the hub in the query: then the cookie is not used.</summary>
    public static bool IsTokenRequest(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));

    private static async Task RejectStaleCookieAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context)
    {
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<ForumUser>>();
        if (context.Principal is null || await signIn.ValidateSecurityStampAsync(context.Principal) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private static Task StatusOrRedirect(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (ApiPaths.Contains(context.Request.Path))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
