using System.Net;
using System.Net.Sockets;

namespace Exchange.Testing;

/// <summary>Loopback ports free at the moment of asking (the OS hands out a fresh one each time).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
