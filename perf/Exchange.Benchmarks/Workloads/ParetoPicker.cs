namespace Exchange.Benchmarks.Workloads;

/// <summary>Picks instrument ids with Pareto-skewed frequency (a few symbols take most of the flow); uniform when shape is 0.</summary>
internal sealed class ParetoPicker(int count, double shape, Random random)
{
    public int Next()
    {
        if (shape <= 0 || count == 1)
        {
            return 1 + random.Next(count);
        }

        // Inverse CDF of Pareto(x_m = 1, shape), folded onto 1..count.
        var x = 1.0 / Math.Pow(1.0 - random.NextDouble(), 1.0 / shape);
        return 1 + (int)((x - 1.0) * 3.0 % count);
    }
}
