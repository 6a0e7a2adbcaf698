using Exchange.Core.Events;

namespace Exchange.Engine.Pipeline;

/// <summary>One event in the output ring.</summary>
internal struct OutputSlot
{
    public Event Event;
}
