using Exchange.Disruptor.Processing;

namespace Exchange.Disruptor.Dsl;

/// <summary>
/// Processors that run side by side on the same slots; <c>Then</c> adds a stage that sees a slot
/// only after every processor of this group has.
/// </summary>
public sealed class HandlerGroup<T>
{
    private readonly Disruptor<T> _disruptor;
    private readonly IEventProcessor[] _processors;

    internal HandlerGroup(Disruptor<T> disruptor, IEventProcessor[] processors)
    {
        _disruptor = disruptor;
        _processors = processors;
    }

    public IReadOnlyList<IEventProcessor> Processors => _processors;

    public HandlerGroup<T> Then<THandler>(THandler handler)
        where THandler : IEventHandler<T> =>
        _disruptor.CreateGroup(_processors, p => [p.Add(handler)]);

    public HandlerGroup<T> Then<THandler1, THandler2>(THandler1 first, THandler2 second)
        where THandler1 : IEventHandler<T>
        where THandler2 : IEventHandler<T> =>
        _disruptor.CreateGroup(_processors, p => [p.Add(first), p.Add(second)]);
}
