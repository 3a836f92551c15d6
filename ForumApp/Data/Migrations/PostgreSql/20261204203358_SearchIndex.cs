using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ForumApp.Data.Migrations.PostgreSql
{
    /// <summary>
    /// Full-text search on PostgreSQL: expression GIN indexes over the words readers may see (visible comments,
    /// threads not removed). Expression indexes change with the row in its own transaction, whichever path writes it.
    /// The 'simple' configuration: no stemming, no stop words, the same for every language the forum is written in.
    /// The search query repeats these expressions exactly (see PostgreSqlSearch), or PostgreSQL would not use them.
    /// </summary>
    public partial class SearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Comments_Search" ON "Comments"
                    USING GIN (to_tsvector('simple'::regconfig, "Body")) WHERE "State" = 0;
                CREATE INDEX "IX_Threads_Search" ON "Threads"
                    USING GIN ((setweight(to_tsvector('simple'::regconfig, "Title"), 'A') || setweight(to_tsvector('simple'::regconfig, "Body"), 'B')))
                    WHERE "RemovedAt" IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS "IX_Threads_Search";
                DROP INDEX IF EXISTS "IX_Comments_Search";
                """);
        }
    }
}
