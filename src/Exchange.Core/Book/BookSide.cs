using Exchange.Core.Orders;

namespace Exchange.Core.Book;

/// <summary>
/// One side of a book: price levels in a sorted array with the best level at the end, so the
/// best price is O(1), consuming the best level is O(1), and inserting or removing a level is a
/// binary search plus a short memmove (levels near the touch are near the end, where most
/// activity is). Empty levels are returned to a small pool.
/// </summary>
internal sealed class BookSide
{
    private readonly bool _isBid;
    private PriceLevel[] _levels;
    private int _count;
    private readonly Stack<PriceLevel> _spareLevels = new();

    public BookSide(Side side, int initialLevels)
    {
        _isBid = side == Side.Buy;
        _levels = new PriceLevel[Math.Max(initialLevels, 4)];
    }

    public int LevelCount => _count;

    public PriceLevel? Best => _count == 0 ? null : _levels[_count - 1];

    /// <summary>Level <paramref name="depth"/> from the best (0 = best).</summary>
    public PriceLevel LevelAt(int depth) => _levels[_count - 1 - depth];

    /// <summary>Whether a level at <paramref name="price"/> is ahead of one at <paramref name="other"/> in priority.</summary>
    public bool IsBetter(long price, long other) => _isBid ? price > other : price < other;

    public PriceLevel? Find(long price)
    {
        var index = IndexOf(price);
        return index >= 0 ? _levels[index] : null;
    }

    public PriceLevel GetOrAdd(long price)
    {
        var index = IndexOf(price);
        if (index >= 0)
        {
            return _levels[index];
        }

        var insertAt = ~index;
        if (_count == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }

        Array.Copy(_levels, insertAt, _levels, insertAt + 1, _count - insertAt);
        var level = _spareLevels.Count > 0 ? _spareLevels.Pop() : new PriceLevel();
        level.Price = price;
        level.Displayed = 0;
        level.OrderCount = 0;
        level.Head = level.Tail = null;
        _levels[insertAt] = level;
        _count++;
        return level;
    }

    /// <summary>Removes an empty level.</summary>
    public void RemoveLevel(PriceLevel level)
    {
        var index = _count > 0 && _levels[_count - 1] == level ? _count - 1 : IndexOf(level.Price);
        Array.Copy(_levels, index + 1, _levels, index, _count - index - 1);
        _levels[--_count] = null!;
        _spareLevels.Push(level);
    }

    /// <summary>
    /// Binary search in the array, which is sorted worst → best (bids ascending, asks descending).
    /// Returns the index, or the bitwise complement of the insertion point.
    /// </summary>
    private int IndexOf(long price)
    {
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var p = _levels[mid].Price;
            if (p == price)
            {
                return mid;
            }

            // Worse prices come first: for bids lower, for asks higher.
            if (IsBetter(price, p))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
