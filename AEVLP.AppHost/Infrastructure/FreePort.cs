using System.Net;
using System.Net.Sockets;

namespace Aevlp.AppHost.Infrastructure;

/// <summary>Infrastructure listens on ports picked at start, so a second platform, a test run or a system
/// service on the default ports never collides with it.</summary>
public static class FreePort
{
    public static int OnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
