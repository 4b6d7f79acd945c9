using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Aevlp.AppHost.Infrastructure;

/// <summary>The one folder that holds every local server's data and the credentials generated for this
/// install. Deleting it resets the platform.</summary>
public sealed class LocalDataFolder
{
    private LocalDataFolder(string path, LocalCredentials credentials)
    {
        Path = path;
        Credentials = credentials;
    }

    public string Path { get; }

    public LocalCredentials Credentials { get; }

    public string Postgres => System.IO.Path.Combine(Path, "postgres");

    public string RabbitMq => System.IO.Path.Combine(Path, "rabbitmq");

    public string Blobs => System.IO.Path.Combine(Path, "azurite");

    /// <summary>~/.local/share/aevlp ($XDG_DATA_HOME/aevlp) for a user; /var/lib/aevlp for root, because
    /// PostgreSQL runs as the postgres user then and cannot enter /root.</summary>
    public static string Default()
    {
        if (Environment.UserName == "root") return "/var/lib/aevlp";
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome))
        {
            dataHome = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }
        return System.IO.Path.Combine(dataHome, "aevlp");
    }

    /// <summary>Creates the folder if needed, proves it is writable and loads (or generates) the credentials.</summary>
    public static LocalDataFolder Open(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(path);
            var probe = System.IO.Path.Combine(path, ".write-probe");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InfrastructureUnavailableException(
                $"The AEVLP data folder '{path}' is not writable ({e.Message}); set Infrastructure:DataDir to a writable folder.");
        }
        return new LocalDataFolder(path, LocalCredentials.LoadOrCreate(System.IO.Path.Combine(path, "credentials.json")));
    }
}

/// <summary>Passwords and keys generated once per install and kept (mode 600) beside the data they protect,
/// so the data and its credentials can never disagree. <see cref="ApiKey"/> is the key of the platform's HTTP APIs
/// (registry and tracker); a file written before it existed gets one added at the next start.</summary>
public sealed record LocalCredentials(string PostgresPassword, string RabbitMqPassword, string BlobAccountKey)
{
    public const string PostgresUser = "postgres"; // as in the container image; its default database exists
    public const string RabbitMqUser = "aevlp";
    public const string BlobAccount = "aevlp";

    public string ApiKey { get; init; } = "";

    /// <summary>The broker's address with these credentials, as MassTransit and RabbitMQ.Client take it. The services'
    /// connection string (<see cref="LocalRabbitMqResource.ConnectionStringExpression"/>) is the same URI with the password
    /// as a secret parameter, so the dashboard masks it.</summary>
    public string AmqpUri(string host, int port) => $"amqp://{RabbitMqUser}:{RabbitMqPassword}@{host}:{port.ToString(CultureInfo.InvariantCulture)}";

    public static LocalCredentials LoadOrCreate(string file)
    {
        if (File.Exists(file))
        {
            var loaded = JsonSerializer.Deserialize<LocalCredentials>(File.ReadAllText(file))
                ?? throw new InfrastructureUnavailableException($"'{file}' is empty; delete it together with the data folder to start afresh.");
            if (!string.IsNullOrEmpty(loaded.ApiKey)) return loaded;
            return Save(file, loaded with { ApiKey = NewApiKey() });
        }
        return Save(file, new LocalCredentials(Secret(24), Secret(24), Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)))
        {
            ApiKey = NewApiKey(),
        });
    }

    /// <summary>32 random bytes, base64url (43 characters): safe in headers, URLs and shell variables.</summary>
    public static string NewApiKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static LocalCredentials Save(string file, LocalCredentials credentials)
    {
        OwnerOnlyFile.WriteAllText(file, JsonSerializer.Serialize(credentials));
        return credentials;
    }

    // Letters and digits only: the values go into URIs and connection strings unescaped.
    private static string Secret(int length) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length);
}
