using Exchange.Core.Commands;
using Exchange.Engine;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Events.Tests;

/// <summary>A temporary data folder with a running engine that journals random trading (the relay's input).</summary>
internal sealed class JournalFolder : IDisposable
{
    public JournalFolder(long snapshotEvery = 0)
    {
        Directory.CreateDirectory(Path);
        Options = new EngineOptions
        {
            DataDirectory = Path,
            Durability = Durability.Sync,
            SnapshotEveryCommands = snapshotEvery,
            TimeTickInterval = TimeSpan.Zero,
            SnapshotOnShutdown = false,
        };
        Engine = ExchangeEngine.Start(Options, NullLogger.Instance);
        foreach (var command in RandomCommands.Setup())
        {
            Submit(command);
        }
    }

    private long _submitted;

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "exchange-events-" + Guid.NewGuid().ToString("N"));

    public EngineOptions Options { get; }

    public ExchangeEngine Engine { get; }

    /// <summary>Submits <paramref name="count"/> random commands (a repeatable stream) and waits until the engine has processed them.</summary>
    public void Trade(int seed, int count)
    {
        foreach (var command in RandomCommands.FromSeed(seed, count))
        {
            Submit(command);
        }

        WaitProcessed();
    }

    public void Submit(Command command)
    {
        Assert.True(Engine.Submit(command));
        _submitted++;
    }

    /// <summary>Waits until everything submitted is processed (and so journaled).</summary>
    public void WaitProcessed()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (Engine.ProcessedSequence < _submitted && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }

        Assert.Equal(_submitted, Engine.ProcessedSequence);
    }

    public void Dispose()
    {
        Engine.Dispose();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
