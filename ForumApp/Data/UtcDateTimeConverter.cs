using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ForumApp.Data;

/// <summary>Stores UTC and marks values read back as UTC (SQLite returns an unspecified kind).</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
