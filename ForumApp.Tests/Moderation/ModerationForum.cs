using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Moderation;

/// <summary>
/// One app on a real Kestrel port for a moderation test class (or collection): posting and account limits out of the way,
/// a clock that only moves when a test moves it, an admin made by <c>Forum:AdminEmails</c> and a moderator
/// that admin appointed through the API. Tests build their own threads and members on top.
/// </summary>
public sealed class ModerationForum : IAsyncLifetime
{
    public const string Password = ForumApiClient.Password;

    private static int _count;

    private readonly string _adminEmail = $"admin-{Guid.NewGuid():N}@example.test";
    private readonly ForumAppFactory _factory;
    private ForumApiClient _api = null!;

    public ModerationForum()
    {
        _factory = new ForumAppFactory()
            .WithHighLimits()
            .WithSetting("Forum:AdminEmails:0", _adminEmail)
            .WithSetting("Forum:DemoAccounts", "false")
            .WithSetting("Forum:Editing:RevisionGracePeriod", "00:00:00")
            .WithClock(Clock);
    }

    /// <summary>The app's clock. Moving it a little between actions gives each log entry its own time.</summary>
    public TestClock Clock { get; } = new(new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero), TestClockTimers.Real);

    public Uri Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public ApiMember Admin { get; private set; } = null!;

    public ApiMember Moderator { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public async Task InitializeAsync()
    {
        Server = _factory.StartOnKestrel();
        Http = new HttpClient { BaseAddress = Server };
        _api = new ForumApiClient(Server);

        Admin = await RegisterAsync("admin", _adminEmail);
        Moderator = await RegisterModeratorAsync();
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        _api?.Dispose();
        await _factory.DisposeAsync();
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The principal a Blazor component hands to the services: the member's id claim, or nobody.</summary>
    public static ClaimsPrincipal PrincipalOf(long? memberId) => memberId is { } id
        ? ForumRows.PrincipalOf(id)
        : new ClaimsPrincipal(new ClaimsIdentity());

    /// <summary>Registers and signs in through the accounts API.</summary>
    public Task<ApiMember> RegisterAsync(string prefix = "member", string? email = null) =>
        _api.RegisterMemberAsync(email: email, prefix: prefix);

    /// <summary>A new member whom the admin then makes a moderator, the only way a moderator comes to be.</summary>
    public async Task<ApiMember> RegisterModeratorAsync()
    {
        var moderator = await RegisterAsync("moderator");
        (await SendAsync(HttpMethod.Post, $"/api/admin/users/{moderator.Id}/roles", Admin, new { role = "moderator", grant = true }))
            .Expect(HttpStatusCode.NoContent);
        return moderator;
    }

    /// <summary>A member without a password, straight through Identity: quick to make, for targets that never sign in.</summary>
    public async Task<(long Id, string DisplayName)> AddMemberAsync(string prefix = "target")
    {
        var n = Interlocked.Increment(ref _count);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var user = await Service<IDbContextFactory<ForumDbContext>>().AddMemberAsync(
            $"{prefix} {n} {suffix}", Clock.UtcNow.UtcDateTime, email: $"{prefix}{n}.{suffix}@example.test", roles: [ForumRoles.Member]);
        return (user.Id, user.DisplayName);
    }

    public Task<ApiResponse> SendAsync(HttpMethod method, string url, ApiMember? member, object? body = null) =>
        ApiResponse.SendAsync(Http, method, url, member, body);

    public Task<ApiResponse> GetAsync(string url, ApiMember? member = null) => SendAsync(HttpMethod.Get, url, member);

    public Task<ApiResponse> PostAsync(string url, ApiMember? member, object? body = null) => SendAsync(HttpMethod.Post, url, member, body);

    public Task<long> StartThreadAsync(ApiMember author, string? title = null) =>
        _api.CreateThreadAsync(author, title ?? $"Thread {Guid.NewGuid():N}", "Something to talk about.");

    public async Task<long> CommentAsync(ApiMember author, long threadId, string body, long? parentId = null) =>
        (await _api.PostCommentAsync(author, threadId, body, parentId)).GetProperty("id").GetInt64();

    public async Task<T> ReadAsync<T>(Func<ForumDbContext, Task<T>> read)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<ForumDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await read(db);
    }

    public async Task WriteAsync(Func<ForumDbContext, Task> write)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<ForumDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await write(db);
    }
}

/// <summary>An HTTP answer: its status, its JSON body (an empty object when there was none) and the raw text.</summary>
public sealed record ApiResponse(string Request, HttpStatusCode Status, JsonElement Json, string Text)
{
    /// <summary>Sends a request as <paramref name="member"/> (bearer token) or anonymously, and keeps whatever came back.</summary>
    public static async Task<ApiResponse> SendAsync(HttpClient http, HttpMethod method, string url, ApiMember? member, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (member is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", member.AccessToken);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return new ApiResponse($"{method} {url}", response.StatusCode, document.RootElement.Clone(), text);
    }

    public JsonElement Expect(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"{Request} answered {(int)Status}, expected {(int)expected}:\n{Text}");
        return Json;
    }

    /// <summary>A 400 validation problem naming <paramref name="field"/> among its errors.</summary>
    public void ExpectFieldError(string field)
    {
        Expect(HttpStatusCode.BadRequest);
        Assert.True(
            Json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"{Request} should name the field '{field}' in its errors:\n{Text}");
    }
}
