using ForumApp.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Accounts;

public sealed record RegisterRequest(string? DisplayName, string? Email, string? Password);
public sealed record RegisteredAccount(long Id, string DisplayName);
public sealed record LoginRequest(string? Email, string? Password);
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>
/// Bearer-token accounts for HTTP clients. Built on SignInManager rather than MapIdentityApi, whose
/// /register takes no display name.
/// </summary>
public static class AccountsApi
{
    // One body for every failed log-in (unknown e-mail, wrong password, locked out): nothing to enumerate.
    private static readonly ProblemDetails LoginFailed = new()
    {
        Status = StatusCodes.Status401Unauthorized,
        Title = "The e-mail or password is not right, or the account is locked for a while.",
    };

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/auth").WithTags("Accounts");

        auth.MapPost("/register", async Task<Results<Created<RegisteredAccount>, ValidationProblem>> (
                RegisterRequest request, AccountService accounts) =>
            {
                var result = await accounts.RegisterAsync(request.DisplayName, request.Email, request.Password);
                return result.User is { } user
                    ? TypedResults.Created($"/api/users/{user.Id}", new RegisteredAccount(user.Id, user.DisplayName))
                    : TypedResults.ValidationProblem(result.Errors);
            })
            .RequireRateLimiting(AccountsSetup.RegistrationLimit);

        auth.MapPost("/login", async Task<Results<EmptyHttpResult, JsonHttpResult<ProblemDetails>>> (
                LoginRequest request, SignInManager<ForumUser> signIn) =>
            {
                signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
                if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
                {
                    return Unauthorized();
                }

                var user = await signIn.UserManager.FindByEmailAsync(request.Email.Trim());
                if (user is null)
                {
                    // Spend the time a real check costs, so response time does not tell which e-mails exist.
                    signIn.UserManager.PasswordHasher.VerifyHashedPassword(new ForumUser(), DummyHash.Value, request.Password);
                    return Unauthorized();
                }

                var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);

                // On success the bearer handler has written { tokenType, accessToken, expiresIn, refreshToken }.
                return result.Succeeded ? TypedResults.Empty : Unauthorized();
            })
            .RequireRateLimiting(AccountsSetup.LoginLimit);

        auth.MapPost("/refresh", async Task<Results<SignInHttpResult, JsonHttpResult<ProblemDetails>>> (
                RefreshRequest request,
                SignInManager<ForumUser> signIn,
                IOptionsMonitor<BearerTokenOptions> bearerOptions,
                TimeProvider clock) =>
            {
                var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
                var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : protector.Unprotect(request.RefreshToken);
                if (ticket?.Properties.ExpiresUtc is not { } expiresUtc
                    || clock.GetUtcNow() >= expiresUtc
                    || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
                {
                    return TypedResults.Json(new ProblemDetails { Status = 401, Title = "The refresh token is not valid." }, statusCode: 401, contentType: "application/problem+json");
                }

                var principal = await signIn.CreateUserPrincipalAsync(user);
                return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
            });

        return endpoints;
    }

    private static JsonHttpResult<ProblemDetails> Unauthorized() =>
        TypedResults.Json(LoginFailed, statusCode: StatusCodes.Status401Unauthorized, contentType: "application/problem+json");

    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<ForumUser>().HashPassword(new ForumUser(), Guid.NewGuid().ToString()));
}
