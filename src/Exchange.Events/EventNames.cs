using Exchange.Core.Events;

namespace Exchange.Events;

/// <summary>Event type names without a per-call enum formatting (the relay names every message).</summary>
public static class EventNames
{
    private static readonly string[] Names = Build();

    public static string Of(EventType type) => Names[(byte)type];

    private static string[] Build()
    {
        var names = new string[256];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = ((EventType)i).ToString();
        }

        return names;
    }
}
