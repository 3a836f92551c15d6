using ForumApp.Data;
using ForumApp.Features.Formatting;
using ForumApp.Features.Threads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ForumApp.Seeding;

/// <summary>
/// Imports each seed file once, identified by its file name. A file that cannot be read is reported in
/// the log and skipped, so a bad seed never stops the forum from starting.
/// </summary>
public sealed partial class SeedImporter(
    IDbContextFactory<ForumDbContext> dbFactory,
    TimeProvider clock,
    ILogger<SeedImporter> logger)
{
    public const string AnonymousAuthor = ReservedAuthors.Anonymous;

    public async Task<int> ImportFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            LogNoSeedFolder(folder);
            return 0;
        }

        var imported = 0;
        foreach (var path in Directory.EnumerateFiles(folder, "*.txt").Order(StringComparer.Ordinal))
        {
            if (await ImportFileAsync(path, cancellationToken) is not null)
            {
                imported++;
            }
        }

        return imported;
    }

    /// <summary>Imports one file; returns the new thread's id, or null when it was already imported or is malformed.</summary>
    public async Task<long?> ImportFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var fileName = Path.GetFileName(path);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.SeedImports.AnyAsync(s => s.FileName == fileName, cancellationToken))
        {
            return null;
        }

        SeedDocument document;
        try
        {
            document = SeedParser.Parse(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (SeedFormatException malformed)
        {
            LogMalformedSeed(fileName, malformed.LineNumber, malformed.Message);
            return null;
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException)
        {
            LogUnreadableSeed(fileName, unreadable.Message);
            return null;
        }

        if (TextRules.CheckTitle(document.Title).Error is { } titleProblem)
        {
            LogMalformedSeed(fileName, 1, titleProblem);
            return null;
        }

        try
        {
            var threadId = await StoreAsync(db, fileName, document, cancellationToken);
            LogImported(fileName, threadId);
            return threadId;
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            if (await IsImportedAsync(fileName, cancellationToken))
            {
                // Another instance starting at the same moment imported it first.
                return null;
            }

            throw;
        }
    }

    private async Task<long> StoreAsync(ForumDbContext db, string fileName, SeedDocument document, CancellationToken cancellationToken)
    {
        var importedAt = clock.GetUtcNow().UtcDateTime;
        var thread = new ForumThread
        {
            Title = document.Title,
            Slug = Slug.FromTitle(document.Title),
            Body = document.Article,
            BodyFormat = BodyFormat.PlainText,
            BodyHtml = PlainTextFormatter.ToHtml(document.Article),
            AuthorName = AnonymousAuthor,
            CreatedAt = importedAt,
            LastActivityAt = importedAt,
        };

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        db.Threads.Add(thread);
        await db.SaveChangesAsync(cancellationToken);

        // Comments keep the file's order: each is one second after the one before it.
        var comments = new List<Comment>();
        var pending = new Stack<(SeedComment Seed, Comment? Parent)>();
        foreach (var seed in document.Comments.Reverse())
        {
            pending.Push((seed, null));
        }

        while (pending.Count > 0)
        {
            var (seed, parent) = pending.Pop();
            var comment = new Comment
            {
                ThreadId = thread.Id,
                Parent = parent,
                Depth = parent is null ? 0 : parent.Depth + 1,
                ReplyCount = seed.Replies.Count,
                AuthorName = AnonymousAuthor,
                Body = seed.Body,
                BodyFormat = BodyFormat.PlainText,
                BodyHtml = PlainTextFormatter.ToHtml(seed.Body),
                CreatedAt = importedAt.AddSeconds(comments.Count + 1),
            };
            comments.Add(comment);
            foreach (var reply in seed.Replies.Reverse())
            {
                pending.Push((reply, comment));
            }
        }

        db.Comments.AddRange(comments);
        thread.CommentCount = comments.Count;
        if (comments.Count > 0)
        {
            thread.LastActivityAt = comments[^1].CreatedAt;
        }

        db.SeedImports.Add(new SeedImport { FileName = fileName, ThreadId = thread.Id, ImportedAt = importedAt });

        if (comments.Count > 0)
        {
            var events = comments.Select(c => new PendingThreadEvent(ThreadEventKind.Posted, c)).ToList();
            await ThreadEventLog.CommitWithEventsAsync(db, thread.Id, events, importedAt, cancellationToken);
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return thread.Id;
    }

    private async Task<bool> IsImportedAsync(string fileName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SeedImports.AnyAsync(s => s.FileName == fileName, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported seed file {FileName} as thread {ThreadId}.")]
    private partial void LogImported(string fileName, long threadId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Seed file {FileName} was not imported: line {LineNumber}: {Problem}")]
    private partial void LogMalformedSeed(string fileName, int? lineNumber, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Seed file {FileName} could not be read: {Problem}")]
    private partial void LogUnreadableSeed(string fileName, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed folder {Folder} does not exist; nothing to import.")]
    private partial void LogNoSeedFolder(string folder);
}
