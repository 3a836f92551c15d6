using ForumApp.Components;
using ForumApp.Data;
using ForumApp.Features.Threads;
using ForumApp.Seeding;
using ForumApp.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddForumWeb();
builder.AddForumData();
builder.AddForumSeeding();
builder.AddForumThreads();

var app = builder.Build();

await app.MigrateForumDatabaseAsync();
await app.ImportForumSeedsAsync();

app.UseForumWeb();
app.MapThreadsApi();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
