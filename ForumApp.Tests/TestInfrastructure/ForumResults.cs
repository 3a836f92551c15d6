using ForumApp.Features;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>Assertions on what a service answered.</summary>
public static class ForumResults
{
    public static T Succeeded<T>(ForumResult<T> result)
    {
        Assert.True(result.Succeeded, $"expected success, got {result.Error}");
        return result.Value!;
    }

    /// <summary>A refusal of the given kind (and field), with words for the user.</summary>
    public static ForumError AssertError<T>(ForumResult<T> result, ForumErrorKind kind, string? field = null)
    {
        var error = result.Error;
        Assert.True(error is not null, $"expected {(int)kind}, got success: {result.Value}");
        Assert.Equal(kind, error.Kind);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }
}
