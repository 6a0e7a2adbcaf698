using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Exchange.LatencyHarness;

/// <summary>The baseline of a replication run: one small message to a loopback peer and back, one after another, as a standby's acknowledgement travels.</summary>
internal static class LoopbackRoundTrip
{
    public static LatencyRun Run(int count)
    {
        var run = new LatencyRun("loopback-rtt", "a 64-byte message to a loopback TCP peer and 8 bytes back (no disk), one after another", 0);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var server = listener.AcceptSocket();
        server.NoDelay = true;
        var echo = new Thread(() =>
        {
            var buffer = new byte[64];
            var answer = new byte[8];
            try
            {
                while (Receive(server, buffer))
                {
                    server.Send(answer);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }) { IsBackground = true, Name = "rtt-echo" };
        echo.Start();
        var message = new byte[64];
        var reply = new byte[8];
        var watch = Stopwatch.StartNew();
        run.StartGcCount();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            client.Send(message);
            Receive(client, reply);
            run.Latency.RecordValue(OpenLoopClock.ToNanoseconds(Stopwatch.GetTimestamp() - start));
        }

        run.StopGcCount();
        run.Sent = run.Answered = count;
        run.AchievedRate = count / watch.Elapsed.TotalSeconds;
        client.Shutdown(SocketShutdown.Both);
        echo.Join(TimeSpan.FromSeconds(10)); // it ends when the client's end closes
        return run;
    }

    private static bool Receive(Socket socket, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = socket.Receive(buffer, read, buffer.Length - read, SocketFlags.None);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
