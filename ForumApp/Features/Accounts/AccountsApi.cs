using ForumApp.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

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
        Title = LoginService.FailureMessage,
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

        auth.MapPost("/login", async Task<IResult> (LoginRequest request, LoginService login, HttpContext context) =>
            {
                // On success the bearer handler writes { tokenType, accessToken, expiresIn, refreshToken }.
                var outcome = await login.SignInWithTokenAsync(request.Email, request.Password, context.Connection.RemoteIpAddress);
                return outcome.Status switch
                {
                    LoginStatus.SignedIn => TypedResults.Empty,
                    LoginStatus.Limited => ApiInput.Problem(new ForumError(ForumErrorKind.TooManyRequests, outcome.LimitMessage!, RetryAfter: outcome.RetryAfter), context),
                    _ => Unauthorized(),
                };
            });

        auth.MapPost("/refresh", async Task<Results<SignInHttpResult, JsonHttpResult<ProblemDetails>>> (
                RefreshRequest request, BearerSessions sessions, HttpContext context) =>
            {
                return await sessions.RefreshAsync(request.RefreshToken, context.RequestAborted) is { } principal
                    ? TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme)
                    : TypedResults.Json(new ProblemDetails { Status = 401, Title = "The refresh token is not valid." }, statusCode: 401, contentType: "application/problem+json");
            });

        // POST only, from LogoutForm, with the antiforgery token: another site cannot sign a member out
        // with a link, an image or a form of its own. Checked here rather than by form binding, whose
        // failure is an exception that the page error handling would turn into a not-found page.
        endpoints.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<ForumUser> signIn, BearerSessions sessions) =>
            {
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    return Results.Text("The sign-out form has expired. Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
                }

                var form = await context.Request.ReadFormAsync(context.RequestAborted);

                // Every session of the account ends: copies of this cookie, other browsers and bearer tokens alike.
                if (await signIn.UserManager.GetUserAsync(context.User) is { } user)
                {
                    await sessions.EndEverySessionAsync(user, context.RequestAborted);
                }

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
