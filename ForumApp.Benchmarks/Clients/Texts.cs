using System.Text;

namespace ForumApp.Benchmarks.Clients;

/// <summary>Comment bodies of forum-like length and shape (a sentence to a few paragraphs), reproducible from a seed.</summary>
internal static class Texts
{
    private static readonly string[] Words =
    [
        "the", "council", "budget", "plan", "people", "would", "think", "really", "because", "never", "about",
        "bridge", "traffic", "years", "agree", "point", "honestly", "article", "numbers", "source", "local",
        "houses", "rent", "city", "cars", "bikes", "school", "tax", "vote", "election", "*really*", "`data`",
        "which", "that", "however", "still", "maybe", "probably", "said", "reported", "last", "week", "month",
        "water", "power", "prices", "jobs", "work", "time", "better", "worse", "than", "before", "after",
    ];

    /// <summary>The fixed body every fan-out post carries (about 300 characters).</summary>
    public const string FanoutBody =
        "Honestly the numbers in the article do not add up. The council said the bridge would cost half of " +
        "what it did, and nobody asked where the rest went. I would like to see the source for the traffic " +
        "figures too, because last year they were reported **very** differently. Anyone have a link?";

    public static string Comment(Random random)
    {
        // Mostly short, sometimes long: roughly 60 to 900 characters.
        var sentences = random.NextDouble() < 0.7 ? random.Next(1, 4) : random.Next(4, 12);
        var text = new StringBuilder();
        for (var s = 0; s < sentences; s++)
        {
            var words = random.Next(6, 18);
            for (var w = 0; w < words; w++)
            {
                var word = Words[random.Next(Words.Length)];
                text.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                text.Append(w == words - 1 ? ". " : " ");
            }

            if (s % 4 == 3)
            {
                text.Append("\n\n");
            }
        }

        return text.ToString().Trim();
    }
}

/// <summary>
/// The shape of a realistic reply tree, decided up front: about one comment in eight starts a conversation,
/// four in ten answer one of the last thirty comments (a lively exchange), the rest answer an older
/// comment, early ones more often (popular comments draw replies).
/// </summary>
internal static class TreePlan
{
    /// <summary>For each comment, the index of the comment it answers, or -1 for a top-level comment.</summary>
    public static int[] Make(int count, int seed)
    {
        var random = new Random(seed);
        var parents = new int[count];
        var depth = new int[count];
        for (var i = 0; i < count; i++)
        {
            var r = random.NextDouble();
            int parent;
            if (i < 3 || r < 0.12)
            {
                parent = -1;
            }
            else if (r < 0.55)
            {
                parent = i - 1 - (int)(random.NextDouble() * Math.Min(i, 30));
            }
            else
            {
                parent = (int)(i * Math.Pow(random.NextDouble(), 2));
            }

            parents[i] = parent;
            depth[i] = parent < 0 ? 0 : depth[parent] + 1;
        }

        return parents;
    }
}
