namespace ForumApp.Features.Votes;

public static class VotesSetup
{
    public static WebApplicationBuilder AddForumVotes(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<VoteLimitOptions>(builder.Configuration.GetSection("Forum:RateLimits"));
        builder.Services.AddSingleton<VoteLimits>();
        builder.Services.AddSingleton<ScoreBatcher>();
        builder.Services.AddSingleton<VoteService>();
        return builder;
    }
}
