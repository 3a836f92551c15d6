using ForumApp.Data;
using Microsoft.AspNetCore.Antiforgery;
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
/// Bearer-token accounts for HTTP clients, plus the sign-out form post of the pages. Built on SignInManager
/// rather than MapIdentityApi, whose /register takes no display name.
/// </summary>
public static class AccountsApi
{
    // One body for every failed log-in (unknown e-mail, wrong password, locked out): nothing to enumerate.
    private static readonly ProblemDetails LoginFailed = new()
    {
        Status = StatusCodes.Status401Unauthorized,
        Title = ForumSignIn.FailureMessage,
    };

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/auth").WithTags("Accounts");

        auth.MapPost("/register", async Task<IResult> (
                RegisterRequest request, AccountService accounts, HttpContext context) =>
            {
                var result = await accounts.RegisterAsync(
                    request.DisplayName, request.Email, request.Password, context.Connection.RemoteIpAddress);
                if (result.User is { } user)
                {
                    return TypedResults.Created($"/api/users/{user.Id}", new RegisteredAccount(user.Id, user.DisplayName));
                }

                return result.RetryAfter is { } retryAfter
                    ? ApiInput.Problem(new ForumError(ForumErrorKind.TooManyRequests, result.LimitMessage!, RetryAfter: retryAfter), context)
                    : TypedResults.ValidationProblem(result.Errors);
            });

        auth.MapPost("/login", async Task<IResult> (
                LoginRequest request, SignInManager<ForumUser> signIn, LoginLimits limits, HttpContext context) =>
            {
                if (limits.TryTake(context.Connection.RemoteIpAddress) is { } wait)
                {
                    return ApiInput.Problem(new ForumError(ForumErrorKind.TooManyRequests, LoginLimits.Describe(wait), RetryAfter: wait), context);
                }

                // On success the bearer handler writes { tokenType, accessToken, expiresIn, refreshToken }.
                signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
                return await signIn.PasswordSignInByEmailAsync(request.Email, request.Password, isPersistent: false)
                    ? TypedResults.Empty
                    : Unauthorized();
            });

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

        // POST only, from LogoutForm, with the antiforgery token: another site cannot sign a member out
        // with a link, an image or a form of its own. Checked here rather than by form binding, whose
        // failure is an exception that the page error handling would turn into a not-found page.
        endpoints.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<ForumUser> signIn) =>
            {
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    return Results.Text("The sign-out form has expired. Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
                }

                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                await signIn.SignOutAsync();
                return Results.LocalRedirect(LocalUrls.OrHome(form["ReturnUrl"]));
            })
            .DisableAntiforgery()
            .ExcludeFromDescription();

        return endpoints;
    }

    private static JsonHttpResult<ProblemDetails> Unauthorized() =>
        TypedResults.Json(LoginFailed, statusCode: StatusCodes.Status401Unauthorized, contentType: "application/problem+json");
}
