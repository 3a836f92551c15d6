using System.Net;
using System.Net.Http.Headers;
using ForumApp.Tests.Accounts;
using ForumApp.Tests.Comments;
using ApiMember = ForumApp.Tests.Comments.ApiMember;

namespace ForumApp.Tests.Security;

/// <summary>A body the endpoint cannot bind answers like any validation error: 400 with errors keyed by the field.</summary>
public sealed class JsonBindingErrorTests(AccountsAppFixture accounts) : IClassFixture<AccountsAppFixture>
{
    [Theory]
    [InlineData("""{"parentId":"abc","body":"x"}""", "parentId")]
    [InlineData("""{"parentId":null,"body":42}""", "body")]
    [InlineData("""{"parentId":""", "$")]
    public async Task AValueOfTheWrongTypeIsAFieldError(string json, string field)
    {
        using var member = await ApiMember.RegisterAsync(accounts.App);
        var threadId = await member.StartThreadAsync();

        using var content = new StringContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await member.Client.PostAsync($"/api/threads/{threadId}/comments", content);

        var problem = await AccountsAppFixture.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}' in {problem}");
        Assert.NotEmpty(messages.EnumerateArray());
    }

    [Fact]
    public async Task TheLogInEndpointKeysItsTypeErrorsToo()
    {
        using var client = accounts.App.CreateClient();
        using var content = new StringContent("""{"email":["a@b.c"],"password":"x"}""");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/api/auth/login", content);

        var problem = await AccountsAppFixture.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _), problem.ToString());
    }
}
