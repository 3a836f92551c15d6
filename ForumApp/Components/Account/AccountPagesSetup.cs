namespace ForumApp.Components.Account;

/// <summary>Services only the account pages use; the account logic itself is registered by AddForumAccounts.</summary>
public static class AccountPagesSetup
{
    public static WebApplicationBuilder AddForumAccountPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IdentityRedirectManager>();
        return builder;
    }
}
