using System.Reflection;
using System.Text.RegularExpressions;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Unit;

/// <summary>
/// The arrows point one way: entry points (Components, Web with the hub, the *Api endpoints in Features) →
/// services (Features) → the event bus (Realtime) → Data. A folder that imports one above it fails here,
/// whether through a using, a qualified name in code, or a type in a signature.
/// </summary>
public sealed partial class ArchitectureTests
{
    /// <summary>For each folder (and namespace) of ForumApp, the folders it must never reach.</summary>
    private static readonly Dictionary<string, string[]> Forbidden = new()
    {
        ["Data"] = ["Features", "Realtime", "Web", "Components", "Seeding", "Benchmarking"],
        ["Realtime"] = ["Features", "Web", "Components", "Seeding", "Benchmarking"],
        ["Features"] = ["Web", "Components", "Seeding", "Benchmarking"],
        ["Seeding"] = ["Web", "Components", "Benchmarking"],
        ["Web"] = ["Components", "Seeding", "Benchmarking"],
    };

    private static readonly string[] Folders = ["Data", "Realtime", "Features", "Web", "Components", "Seeding", "Benchmarking"];

    [Fact]
    public void NoSourceFileImportsAFolderAboveItsOwn()
    {
        var project = Path.Combine(RepoPaths.Root, "ForumApp");
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(project, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(project, file).Replace('\\', '/');
            var layer = relative.Split('/')[0];
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal)
                || !Forbidden.TryGetValue(layer, out var forbidden))
            {
                continue;
            }

            foreach (var target in ReferencedFolders(File.ReadAllText(file)).Where(forbidden.Contains))
            {
                violations.Add($"{relative} → {target}");
            }
        }

        Assert.True(violations.Count == 0, "Imports against the direction of the arrows:\n" + string.Join('\n', violations.Distinct()));
    }

    [Fact]
    public void NoTypeSignatureReachesAFolderAboveItsOwn()
    {
        var violations = new List<string>();
        foreach (var type in typeof(Program).Assembly.GetTypes())
        {
            var layer = LayerOf(type);
            if (layer is null || !Forbidden.TryGetValue(layer, out var forbidden))
            {
                continue;
            }

            foreach (var used in SignatureTypes(type))
            {
                if (LayerOf(used) is { } target && forbidden.Contains(target))
                {
                    violations.Add($"{type.FullName} → {used.FullName}");
                }
            }
        }

        Assert.True(violations.Count == 0, "Types against the direction of the arrows:\n" + string.Join('\n', violations.Distinct()));
    }

    [Fact]
    public void TheScannerSeesUsingsQualifiedNamesAndPartialNames()
    {
        const string code = """
            using ForumApp.Features.Threads;
            // using ForumApp.Components; (a comment does not count)
            namespace ForumApp.Realtime;
            class C { Web.Hubs.ThreadsHub? _hub; ForumApp.Seeding.SeedImporter? _s; string _t = "Components.Nothing"; }
            """;

        Assert.Equal(["Features", "Seeding", "Web"], ReferencedFolders(code).Order().ToArray());
    }

    /// <summary>ForumApp folders a file names: in usings, fully qualified (ForumApp.X.) or relative to ForumApp (X.Y).</summary>
    private static HashSet<string> ReferencedFolders(string source)
    {
        var code = Comments().Replace(Strings().Replace(source, "\"\""), "");
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Reference().Matches(code))
        {
            found.Add(match.Groups["folder"].Value);
        }

        // The file's own namespace is not a reference.
        if (NamespaceLine().Match(code) is { Success: true } own)
        {
            var ownFolder = own.Groups["folder"].Value;
            var stillReferenced = Reference().Matches(NamespaceLine().Replace(code, "", 1)).Any(m => m.Groups["folder"].Value == ownFolder);
            if (!stillReferenced)
            {
                found.Remove(ownFolder);
            }
        }

        return found;
    }

    private static string? LayerOf(Type type)
    {
        var parts = (type.Namespace ?? "").Split('.');
        return parts.Length >= 2 && parts[0] == "ForumApp" && Folders.Contains(parts[1]) ? parts[1] : null;
    }

    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var types = new List<Type?> { type.BaseType };
        types.AddRange(type.GetInterfaces());
        types.AddRange(type.GetFields(all).Select(f => f.FieldType));
        types.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            types.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                types.Add(info.ReturnType);
            }
        }

        return types.OfType<Type>().SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            return Unwrap(element);
        }

        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrap).Append(type) : [type];
    }

    [GeneratedRegex(@"(?<![\w.])(?:global::)?(?:ForumApp\.)?(?<folder>Data|Realtime|Features|Web|Components|Seeding|Benchmarking)\.[A-Z]", RegexOptions.Multiline)]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\s*namespace\s+ForumApp\.(?<folder>\w+)[\w.]*\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"@?""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex Strings();
}
