using ForumApp.Benchmarking;
using ForumApp.Components;
using ForumApp.Components.Account;
using ForumApp.Components.Layout;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Features.Comments;
using ForumApp.Features.Moderation;
using ForumApp.Features.Search;
using ForumApp.Features.Notifications;
using ForumApp.Features.Threads;
using ForumApp.Features.Votes;
using ForumApp.Realtime;
using ForumApp.Seeding;
using ForumApp.Web;
using ForumApp.Web.Hubs;

var builder = WebApplication.CreateBuilder(args);

builder.AddForumWeb();
builder.AddForumTheme();
builder.AddForumData();
builder.AddForumAccounts();
builder.AddForumAccountPages();
builder.AddForumGuard();
builder.AddForumSeeding();
builder.AddForumThreads();
builder.AddForumComments();
builder.AddForumVotes();
builder.AddForumModeration();
builder.AddForumSearch();
builder.AddForumNotifications();
builder.AddForumRealtime();
builder.AddForumHubs();
builder.AddForumBenchmarkBaseline();

var app = builder.Build();

await app.MigrateForumDatabaseAsync();
await app.EnsureForumAccountsAsync();
await app.ImportForumSeedsAsync();

app.UseForumWeb();
app.UseForumAccounts();
app.MapAccountsApi();
app.MapThreadsApi();
app.MapCommentsApi();
app.MapVotesApi();
app.MapModerationApi();
app.MapSearchApi();
app.MapNotificationsApi();
app.MapForumHubs();
app.MapForumBenchmarkBaseline();
app.MapThemeChoice();
await app.MapForumThemeAsync();
app.MapForumPages();

app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
