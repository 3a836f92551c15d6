using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Chaos.Hosting;
using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Realtime;

/// <summary>
/// The app as its own process, killed with SIGKILL in the middle of a write load and started again on the
/// same data folder: what it acknowledged must be stored exactly once, nothing may be half written, and a
/// hub client that comes back catches up to the end of the thread.
/// </summary>
[Collection(AppProcessCollection.Name)]
public sealed class ServerKillTests
{
    private const int Writers = 10;

    /// <summary>Ten writers on a loaded machine, one of them through a restart: far more than they need.</summary>
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan WritePatience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AfterAKillMidWriteEveryAcknowledgedCommentIsStoredOnceAndNothingIsHalfWritten()
    {
        var work = TestFolders.NewTempFolder("killed");
        var dataFolder = Path.Combine(work, "data");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await using var app = await AppInstance.StartAsync(BuiltApp.Folder, "killed", dataFolder, Path.Combine(work, "logs"), null, timeout.Token);
            using var api = new ForumApiClient(app.BaseUrl);
            var members = new List<ApiMember>();
            for (var i = 0; i < Writers; i++)
            {
                members.Add(await api.RegisterMemberAsync());
            }

            var threadId = await api.CreateThreadAsync(members[0]);
            var viewer = await ThreadsHubClient.ConnectAsync(app.BaseUrl);
            await viewer.JoinThreadAsync(threadId, 0);

            var acked = new ConcurrentDictionary<string, long>();
            var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var stop = new CancellationTokenSource();
            using var http = new HttpClient { BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
            var writers = members.Select((member, i) => Task.Run(() => WriteAsync(http, member, i, threadId, acked, restarted.Task, stop.Token, timeout.Token))).ToList();

            await Eventually.Until(() => acked.Count, count => count >= 60, "Writers get 60 posts acknowledged before the kill", WritePatience, timeout.Token);
            await app.KillAsync();
            var ackedBeforeKill = acked.Count;

            // Once the dead server's socket is closed nothing more can arrive: what the viewer holds then is all it saw.
            await Eventually.True(() => viewer.IsClosed, "The viewer's connection closes when the server is killed", TimeSpan.FromMinutes(1), timeout.Token);
            var seenBeforeKill = viewer.TakeArrivedEvents().Select(e => e.Seq).ToHashSet();
            await viewer.DisposeAsync();

            await app.StartAgainAsync(timeout.Token);
            restarted.TrySetResult();
            await Eventually.Until(
                () => acked.Count, count => count >= ackedBeforeKill + 40, "Writers get 40 more posts acknowledged after the restart", WritePatience, timeout.Token);
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            await using (var db = OpenDatabase(app.DatabaseFile))
            {
                var lastSeq = await db.Threads.Where(t => t.Id == threadId).Select(t => t.LastSeq).SingleAsync();
                var comments = await db.Comments.Where(c => c.ThreadId == threadId).Select(c => new { c.Id, c.AuthorId, c.ClientRequestId }).ToListAsync();
                var events = await db.Set<ThreadEvent>().Where(e => e.ThreadId == threadId).OrderBy(e => e.Seq).ToListAsync();

                // Acknowledged means stored, once, as the comment the answer named.
                foreach (var (requestId, commentId) in acked)
                {
                    var stored = comments.Where(c => c.ClientRequestId == requestId).Select(c => c.Id).ToList();
                    Assert.True(stored.SequenceEqual([commentId]), $"Request {requestId} was acknowledged as comment {commentId} but is stored as [{string.Join(", ", stored)}].");
                }

                var doubled = comments.GroupBy(c => (c.AuthorId, c.ClientRequestId)).Where(g => g.Count() > 1).Select(g => g.Key.ClientRequestId).ToList();
                Assert.True(doubled.Count == 0, $"Posted twice: {string.Join(", ", doubled)}");

                // Nothing half written: each comment has its posted event, the log is gapless and LastSeq is its end.
                Assert.Equal(Enumerable.Range(1, events.Count).Select(s => (long)s), events.Select(e => e.Seq));
                Assert.Equal(events.Count == 0 ? 0 : events[^1].Seq, lastSeq);
                var posted = events.Where(e => e.Kind == ThreadEventKind.Posted).Select(e => e.CommentId!.Value).ToList();
                Assert.Equal(comments.Select(c => c.Id).Order(), posted.Order());
                Assert.True(comments.Count >= acked.Count);

                // A client that was watching when the server died comes back and catches up to LastSeq.
                await using var back = await ThreadsHubClient.ConnectAsync(app.BaseUrl);
                var after = Contiguous(seenBeforeKill);
                var caughtUp = await back.JoinThreadAsync(threadId, after);
                var held = seenBeforeKill.Concat(caughtUp.Select(e => e.Seq)).ToHashSet();
                Assert.True(
                    held.SetEquals(Enumerable.Range(1, (int)lastSeq).Select(s => (long)s)),
                    $"Rejoining after seq {after} held {held.Count} of {lastSeq} events.");
                Assert.True(ackedBeforeKill > 0 && seenBeforeKill.Count > 0, "The kill came before any write.");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TestFolders.TryDelete(work);
        }
    }

    /// <summary>
    /// Posts with a fresh clientRequestId each time; a post whose fate is unknown (the server died under it)
    /// is sent again with the same id once the server is back, as a client would.
    /// </summary>
    private static async Task WriteAsync(
        HttpClient http, ApiMember member, int writer, long threadId, ConcurrentDictionary<string, long> acked, Task restarted, CancellationToken stop, CancellationToken timeout)
    {
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var requestId = $"k{writer}-{n}";
            while (true)
            {
                timeout.ThrowIfCancellationRequested();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/threads/{threadId}/comments")
                    {
                        Content = JsonContent.Create(new { parentId = (long?)null, body = $"Written under a kill, {requestId}.", clientRequestId = requestId }),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", member.AccessToken);
                    using var response = await http.SendAsync(request, timeout);
                    var text = await response.Content.ReadAsStringAsync(timeout);
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        acked[requestId] = JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
                        break;
                    }

                    Assert.True((int)response.StatusCode >= 500, $"Post {requestId} answered {(int)response.StatusCode}: {text}");
                }
                catch (HttpRequestException)
                {
                    // The server died under the request: its fate is unknown until it is asked again.
                }

                // A client's retry policy, not a wait on a condition: once the server is back (or after a while, for a
                // refusal that was not the kill), try again after a short pause.
                await Task.WhenAny(restarted, Task.Delay(TimeSpan.FromSeconds(30), timeout));
                await Task.Delay(RetryPause, timeout);
            }
        }
    }

    private static long Contiguous(HashSet<long> seqs)
    {
        long last = 0;
        while (seqs.Contains(last + 1))
        {
            last++;
        }

        return last;
    }

    private static ForumDbContext OpenDatabase(string file) =>
        new SqliteForumDbContext(new DbContextOptionsBuilder<SqliteForumDbContext>().UseSqlite($"Data Source={file}").Options);
}
