using System.Threading.Channels;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Comments;

/// <summary>A new comment that passed every check needing no database; the writer decides the rest.</summary>
internal sealed record CommentDraft(ForumActor Author, long ThreadId, long? ParentId, string Body, string BodyHtml, string? ClientRequestId);

/// <summary>
/// Stores new comments in groups: one task drains the queue and commits up to <see cref="MaxBatchSize"/>
/// comments per transaction, so concurrent posters share one write lock, one <c>BEGIN</c> and one commit
/// instead of queueing for the lock one by one. Everything that can refuse a single comment (the thread,
/// the parent, the author's suspension, a repeated client request id, the posting budget) is decided from
/// the database inside the batch's transaction, comment by comment, so one bad comment gets its own error
/// and the others are stored. A caller hears back only after the commit, and after the comment's event has
/// been published; events are published in commit order by a second task, so the writer is already
/// committing the next batch meanwhile.
/// </summary>
public sealed partial class CommentWriter : IAsyncDisposable
{
    /// <summary>Large enough to empty the queue of a busy thread in one go, small enough to keep a batch short.</summary>
    public const int MaxBatchSize = 200;

    private readonly IDbContextFactory<ForumDbContext> _dbFactory;
    private readonly PostingLimits _limits;
    private readonly ForumEventBus _bus;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<CommittedBatch> _committed = Channel.CreateUnbounded<CommittedBatch>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Lazy<Task> _running;

    public CommentWriter(IDbContextFactory<ForumDbContext> dbFactory, PostingLimits limits, ForumEventBus bus, TimeProvider clock, ILogger<CommentWriter> logger)
    {
        _dbFactory = dbFactory;
        _limits = limits;
        _bus = bus;
        _clock = clock;
        _logger = logger;
        _running = new Lazy<Task>(Start);
    }

    internal Task<ForumResult<PostedComment>> PostAsync(CommentDraft draft, CancellationToken cancellationToken)
    {
        var pending = new Pending(draft, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(CommentWriter), "The forum is shutting down.");
        }

        _ = _running.Value;
        return pending.Outcome.Task;
    }

    public void Complete() => _queue.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        Complete();
        if (_running.IsValueCreated)
        {
            await _running.Value;
        }
    }

    private Task Start()
    {
        // The loops outlive the request that started them: they must not carry its execution context along.
        using (ExecutionContext.SuppressFlow())
        {
            return Task.WhenAll(Task.Run(WriteLoopAsync), Task.Run(PublishLoopAsync));
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<Pending>();
            while (batch.Count < MaxBatchSize && reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Outcome.TrySetCanceled(pending.CancellationToken);
                }
                else
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await WriteAsync(batch);
            }
            catch (Exception exception)
            {
                // Whatever went wrong, the loop must live on: later comments would otherwise wait forever.
                LogCommentFailed(exception);
                foreach (var pending in batch)
                {
                    pending.Outcome.TrySetException(exception);
                }
            }
        }

        _committed.Writer.TryComplete();
    }

    private async Task PublishLoopAsync()
    {
        await foreach (var batch in _committed.Reader.ReadAllAsync())
        {
            if (batch.Events.Count > 0)
            {
                try
                {
                    await _bus.PublishAsync(batch.Events);
                }
                catch (Exception exception)
                {
                    // The comments are committed: viewers catch up by sequence number, and the posters get their answer.
                    LogPublishFailed(exception);
                }
            }

            foreach (var (pending, outcome) in batch.Outcomes)
            {
                pending.Outcome.TrySetResult(outcome);
            }
        }
    }

    private sealed class Pending(CommentDraft draft, CancellationToken cancellationToken)
    {
        public CommentDraft Draft { get; } = draft;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public TaskCompletionSource<ForumResult<PostedComment>> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool PostingBudgetTaken { get; set; }
    }

    private sealed record CommittedBatch(IReadOnlyList<ThreadEventView> Events, IReadOnlyList<(Pending Pending, ForumResult<PostedComment> Outcome)> Outcomes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing a batch of {Count} comments failed; storing them one by one.")]
    private partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A comment could not be stored.")]
    private partial void LogCommentFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing stored comments failed; viewers will catch up by sequence.")]
    private partial void LogPublishFailed(Exception exception);
}
