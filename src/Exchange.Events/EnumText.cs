using System.Text.Json;

namespace Exchange.Events;

/// <summary>An enum's names, as strings and as JSON text, made once per value (the relay names several per event).</summary>
internal static class EnumText<T>
    where T : struct, Enum
{
    private static readonly Dictionary<T, (string Name, JsonEncodedText Json)> Texts = Build();

    /// <summary>The name as JSON text (a value without a name: its number).</summary>
    public static JsonEncodedText Of(T value) => Texts.TryGetValue(value, out var text) ? text.Json : JsonEncodedText.Encode(value.ToString());

    /// <summary>The name as a string, for headers and subjects.</summary>
    public static string Name(T value) => Texts.TryGetValue(value, out var text) ? text.Name : value.ToString();

    private static Dictionary<T, (string, JsonEncodedText)> Build()
    {
        var texts = new Dictionary<T, (string, JsonEncodedText)>();
        foreach (var value in Enum.GetValues<T>())
        {
            var name = value.ToString();
            texts[value] = (name, JsonEncodedText.Encode(name));
        }

        return texts;
    }
}
