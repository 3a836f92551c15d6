using ForumApp.Features.Formatting;

namespace ForumApp.Features.Comments;

public static class CommentsSetup
{
    public static WebApplicationBuilder AddForumComments(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<PostingLimitOptions>(builder.Configuration.GetSection("Forum:RateLimits"));
        builder.Services.Configure<CommentEditOptions>(builder.Configuration.GetSection("Forum:Editing"));
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton<BodyRenderer>();
        builder.Services.AddSingleton<PostingLimits>();
        builder.Services.AddSingleton<CommentWriter>();
        builder.Services.AddSingleton<CommentService>();
        return builder;
    }
}
