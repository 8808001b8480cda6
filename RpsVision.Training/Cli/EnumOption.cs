using System.CommandLine;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;

namespace RpsVision.Training.Cli;

/// <summary>
/// An option whose value is one of an enum's members, spelled on the command line in kebab case
/// (<c>HoldOutHands</c> is <c>hold-out-hands</c>). --help lists exactly those spellings and shows the default in
/// the same spelling, so what help shows is what the parser takes.
/// </summary>
internal static class EnumOption
{
    public static Option<string> Create<T>(string name, string description, T defaultValue) where T : struct, Enum
    {
        string[] allowed = Names<T>();
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = string.Join('|', allowed),
            DefaultValueFactory = _ => NameOf(defaultValue),
        };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => !allowed.Contains(t.Value, StringComparer.Ordinal)))
            {
                result.AddError($"{name} '{token.Value}' is not allowed; allowed: {string.Join(", ", allowed)}.");
            }
        });
        return option;
    }

    /// <summary>The member whose command-line name is <paramref name="name"/> (validated by the option).</summary>
    public static T Parse<T>(string name) where T : struct, Enum =>
        Enum.GetValues<T>().Single(v => NameOf(v) == name);

    public static string[] Names<T>() where T : struct, Enum => Enum.GetValues<T>().Select(v => NameOf(v)).ToArray();

    public static string NameOf<T>(T value) where T : struct, Enum
    {
        string pascal = value.ToString();
        // A member may spell its name as its JSON does ("resnet18"), where kebab case would read badly ("res-net18").
        if (typeof(T).GetField(pascal)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>() is { } spelled)
        {
            return spelled.Name;
        }
        var kebab = new StringBuilder(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                kebab.Append('-');
            }
            kebab.Append(char.ToLowerInvariant(pascal[i]));
        }
        return kebab.ToString();
    }
}
