using System.Text.Json;

namespace Exchange.Events;

/// <summary>An enum's names as JSON text, encoded once per value (the relay writes one or more per event).</summary>
internal static class EnumText<T>
    where T : struct, Enum
{
    private static readonly Dictionary<T, JsonEncodedText> Texts = Build();

    public static JsonEncodedText Of(T value) => Texts.TryGetValue(value, out var text) ? text : JsonEncodedText.Encode(value.ToString());

    private static Dictionary<T, JsonEncodedText> Build()
    {
        var texts = new Dictionary<T, JsonEncodedText>();
        foreach (var value in Enum.GetValues<T>())
        {
            texts[value] = JsonEncodedText.Encode(value.ToString());
        }

        return texts;
    }
}
