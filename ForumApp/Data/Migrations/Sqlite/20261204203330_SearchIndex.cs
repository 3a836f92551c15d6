using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ForumApp.Data.Migrations.Sqlite
{
    /// <summary>
    /// Full-text search: two FTS5 tables kept by triggers, so every write path (the batched comment writer, bulk
    /// updates, moderation, the seed import) changes the index in its own transaction. Only what readers may see is
    /// indexed: visible comments of threads that are not removed, and threads that are not removed. The tables are
    /// contentless with <c>contentless_delete</c>, so a delete needs only the rowid and deleting a row that was never
    /// indexed is harmless; the words come back from Comments and Threads at query time.
    /// </summary>
    public partial class SearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE CommentSearch USING fts5(
                    Body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
                CREATE VIRTUAL TABLE ThreadSearch USING fts5(
                    Title, Body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

                INSERT INTO ThreadSearch(rowid, Title, Body) SELECT Id, Title, Body FROM Threads WHERE RemovedAt IS NULL;
                INSERT INTO CommentSearch(rowid, Body)
                    SELECT c.Id, c.Body FROM Comments c JOIN Threads t ON t.Id = c.ThreadId
                    WHERE c.State = 0 AND t.RemovedAt IS NULL;

                CREATE TRIGGER Comments_Search_Insert AFTER INSERT ON Comments
                WHEN new.State = 0 AND EXISTS (SELECT 1 FROM Threads WHERE Id = new.ThreadId AND RemovedAt IS NULL)
                BEGIN
                    INSERT INTO CommentSearch(rowid, Body) VALUES (new.Id, new.Body);
                END;

                -- Only a change of the words or of the state touches the index: vote counts, reply counts and
                -- versions change far more often and leave it alone.
                CREATE TRIGGER Comments_Search_Update AFTER UPDATE OF Body, State ON Comments
                BEGIN
                    DELETE FROM CommentSearch WHERE rowid = old.Id;
                    INSERT INTO CommentSearch(rowid, Body)
                        SELECT new.Id, new.Body
                        WHERE new.State = 0 AND EXISTS (SELECT 1 FROM Threads WHERE Id = new.ThreadId AND RemovedAt IS NULL);
                END;

                CREATE TRIGGER Comments_Search_Delete AFTER DELETE ON Comments
                BEGIN
                    DELETE FROM CommentSearch WHERE rowid = old.Id;
                END;

                CREATE TRIGGER Threads_Search_Insert AFTER INSERT ON Threads WHEN new.RemovedAt IS NULL
                BEGIN
                    INSERT INTO ThreadSearch(rowid, Title, Body) VALUES (new.Id, new.Title, new.Body);
                END;

                CREATE TRIGGER Threads_Search_Update AFTER UPDATE OF Title, Body, RemovedAt ON Threads
                BEGIN
                    DELETE FROM ThreadSearch WHERE rowid = old.Id;
                    INSERT INTO ThreadSearch(rowid, Title, Body) SELECT new.Id, new.Title, new.Body WHERE new.RemovedAt IS NULL;
                END;

                -- A removed thread takes its comments out of the index; a restored one brings its visible ones back.
                CREATE TRIGGER Threads_Search_Removed AFTER UPDATE OF RemovedAt ON Threads
                WHEN old.RemovedAt IS NULL AND new.RemovedAt IS NOT NULL
                BEGIN
                    DELETE FROM CommentSearch WHERE rowid IN (SELECT Id FROM Comments WHERE ThreadId = new.Id);
                END;

                CREATE TRIGGER Threads_Search_Restored AFTER UPDATE OF RemovedAt ON Threads
                WHEN old.RemovedAt IS NOT NULL AND new.RemovedAt IS NULL
                BEGIN
                    INSERT INTO CommentSearch(rowid, Body) SELECT Id, Body FROM Comments WHERE ThreadId = new.Id AND State = 0;
                END;

                CREATE TRIGGER Threads_Search_Delete AFTER DELETE ON Threads
                BEGIN
                    DELETE FROM ThreadSearch WHERE rowid = old.Id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS Threads_Search_Delete;
                DROP TRIGGER IF EXISTS Threads_Search_Restored;
                DROP TRIGGER IF EXISTS Threads_Search_Removed;
                DROP TRIGGER IF EXISTS Threads_Search_Update;
                DROP TRIGGER IF EXISTS Threads_Search_Insert;
                DROP TRIGGER IF EXISTS Comments_Search_Delete;
                DROP TRIGGER IF EXISTS Comments_Search_Update;
                DROP TRIGGER IF EXISTS Comments_Search_Insert;
                DROP TABLE IF EXISTS ThreadSearch;
                DROP TABLE IF EXISTS CommentSearch;
                """);
        }
    }
}
