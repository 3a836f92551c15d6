namespace ForumApp.Features.Threads;

public static class ThreadsSetup
{
    public static WebApplicationBuilder AddForumThreads(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FirstScreenCache>();
        builder.Services.AddSingleton<ThreadService>();
        builder.Services.AddSingleton<TypingService>();
        builder.Services.AddSingleton<ThreadListFeed>();
        builder.Services.AddSingleton<ReadMarkService>();
        return builder;
    }
}
