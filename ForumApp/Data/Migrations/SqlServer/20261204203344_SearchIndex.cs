using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ForumApp.Data.Migrations.SqlServer
{
    /// <summary>
    /// Full-text search on SQL Server, where the server has the Full-Text Search feature: a catalog and full-text
    /// indexes on Comments.Body and Threads.Title/Body, populated by automatic change tracking. Without the feature
    /// (e.g. some containers) nothing is created and search falls back to LIKE (see SqlServerSearch). Full-text DDL
    /// may not run inside a transaction, hence suppressTransaction. Not run on this project's machines (no SQL Server).
    /// </summary>
    public partial class SearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                IF CAST(FULLTEXTSERVICEPROPERTY('IsFullTextInstalled') AS int) = 1
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM sys.fulltext_catalogs WHERE name = 'ForumSearch')
                        EXEC('CREATE FULLTEXT CATALOG ForumSearch');
                    IF NOT EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID('dbo.Comments'))
                        EXEC('CREATE FULLTEXT INDEX ON dbo.Comments(Body LANGUAGE 0) KEY INDEX PK_Comments ON ForumSearch WITH CHANGE_TRACKING AUTO, STOPLIST OFF');
                    IF NOT EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID('dbo.Threads'))
                        EXEC('CREATE FULLTEXT INDEX ON dbo.Threads(Title LANGUAGE 0, Body LANGUAGE 0) KEY INDEX PK_Threads ON ForumSearch WITH CHANGE_TRACKING AUTO, STOPLIST OFF');
                END
                """, suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                IF EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID('dbo.Threads'))
                    EXEC('DROP FULLTEXT INDEX ON dbo.Threads');
                IF EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID('dbo.Comments'))
                    EXEC('DROP FULLTEXT INDEX ON dbo.Comments');
                IF EXISTS (SELECT 1 FROM sys.fulltext_catalogs WHERE name = 'ForumSearch')
                    EXEC('DROP FULLTEXT CATALOG ForumSearch');
                """, suppressTransaction: true);
        }
    }
}
