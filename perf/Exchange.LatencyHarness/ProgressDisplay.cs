using Spectre.Console;

namespace Exchange.LatencyHarness;

/// <summary>
/// Shows a run's progress while it works: a Spectre.Console bar (messages answered of planned) when a
/// person is at the terminal, one line at the start and end of each run otherwise (logs, CI, tests).
/// </summary>
internal sealed class ProgressDisplay(TextWriter output, bool interactive)
{
    public async Task<T> ShowAsync<T>(RunProgress progress, Func<Task<T>> work)
    {
        if (!interactive)
        {
            output.WriteLine($"running {progress.Name}: {progress.Total:N0} messages");
            var result = await work().ConfigureAwait(false);
            output.WriteLine($"done    {progress.Name}: {progress.Answered:N0} answered");
            return result;
        }

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(progress.Name, maxValue: progress.Total);
                var running = work();
                while (!running.IsCompleted)
                {
                    task.Value = progress.Answered;
                    await Task.WhenAny(running, Task.Delay(100)).ConfigureAwait(false);
                }

                task.Value = progress.Total;
                return await running.ConfigureAwait(false);
            }).ConfigureAwait(false);
    }
}
