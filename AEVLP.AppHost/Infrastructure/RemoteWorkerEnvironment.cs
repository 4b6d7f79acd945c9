using System.Globalization;

namespace Aevlp.AppHost.Infrastructure;

/// <summary><c>remote-worker.env</c> in the data folder: what a worker on another host needs to join this platform, in the
/// form a shell sources (README "Workers on other machines" runs exactly this). Written at each start while the servers
/// listen beyond loopback, since their ports are picked at start; mode 600, as it holds the platform's secrets.</summary>
public static class RemoteWorkerEnvironment
{
    public const string FileName = "remote-worker.env";

    /// <summary>A start on loopback only removes the file of an earlier start: its addresses no longer answer.</summary>
    public static void Remove(LocalDataFolder data) => File.Delete(Path.Combine(data.Path, FileName));

    public static void Write(LocalDataFolder data, string advertised, int amqpPort, int blobPort, int trackerPort)
    {
        var credentials = data.Credentials;
        var file = Path.Combine(data.Path, FileName);
        var lines = new[]
        {
            $"# Written by the AEVLP AppHost at start; valid until it restarts (ports are picked at start). On a worker host:",
            "#   set -a; . ./remote-worker.env; set +a; dotnet Aevlp.Trainer.dll   (or Aevlp.PseudoLabeler.dll)",
            $"ConnectionStrings__messaging='{credentials.AmqpUri(advertised, amqpPort)}'",
            $"ConnectionStrings__blobs='{BlobConnectionString.Of(advertised, blobPort, credentials.BlobAccountKey)}'",
            $"services__tracking__http__0='http://{advertised}:{trackerPort.ToString(CultureInfo.InvariantCulture)}'",
            $"Security__ApiKey='{credentials.ApiKey}'",
        };
        OwnerOnlyFile.WriteAllText(file, string.Join('\n', lines) + "\n");
    }
}
