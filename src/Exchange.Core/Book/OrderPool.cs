namespace Exchange.Core.Book;

/// <summary>
/// Free list of <see cref="Order"/> objects so steady-state trading allocates nothing. Grows by
/// allocating only when more orders are live at once than it was ever asked for before.
/// </summary>
internal sealed class OrderPool
{
    private Order[] _free;
    private int _count;

    public OrderPool(int preallocate)
    {
        _free = new Order[Math.Max(preallocate, 16)];
        for (var i = 0; i < preallocate; i++)
        {
            _free[_count++] = new Order();
        }
    }

    public Order Rent() => _count > 0 ? _free[--_count] : new Order();

    public void Return(Order order)
    {
        order.Reset();
        if (_count == _free.Length)
        {
            Array.Resize(ref _free, _free.Length * 2);
        }

        _free[_count++] = order;
    }
}
