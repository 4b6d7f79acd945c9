using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Aevlp.AppHost.Infrastructure;

/// <summary>How the AppHost provides PostgreSQL, RabbitMQ and blob storage.</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a healthy container runtime answers, otherwise local servers.</summary>
    Auto,
    /// <summary>Debian's PostgreSQL and RabbitMQ and npm's Azurite as local processes (no containers).</summary>
    Local,
    /// <summary>The Aspire container integrations (Docker or Podman).</summary>
    Container,
}

/// <summary>The "Infrastructure" configuration section of the AppHost (appsettings.json, environment
/// variables such as <c>Infrastructure__Mode=local</c>, or command-line <c>--Infrastructure:Mode=local</c>).</summary>
public sealed class InfrastructureOptions
{
    public const string Section = "Infrastructure";

    public InfrastructureMode Mode { get; set; } = InfrastructureMode.Auto;

    /// <summary>The one folder holding the data of every local server; empty means the platform default
    /// (<see cref="LocalDataFolder.Default"/>).</summary>
    public string DataDir { get; set; } = "";

    /// <summary>Where local mode's RabbitMQ, Azurite and tracker listen: 127.0.0.1 (this machine only) by default; 0.0.0.0 or
    /// one of this machine's addresses lets workers on other hosts join (README "Workers on other machines"). PostgreSQL and
    /// RabbitMQ's management UI stay on 127.0.0.1: no worker uses them.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The address other hosts reach this one at, written into <c>remote-worker.env</c>; empty means
    /// <see cref="BindAddress"/>, or this machine's host name when that is 0.0.0.0.</summary>
    public string AdvertisedAddress { get; set; } = "";

    /// <summary>Whether only this machine can reach the servers (no remote-worker.env is written).</summary>
    public bool LoopbackOnly => IPAddress.IsLoopback(ParsedBindAddress);

    /// <summary>The address this machine's own services connect to: the bound one, or 127.0.0.1 when bound to every address.</summary>
    public string LocalAddress => ParsedBindAddress.Equals(IPAddress.Any) ? "127.0.0.1" : ParsedBindAddress.ToString();

    public string ResolvedAdvertisedAddress() =>
        !string.IsNullOrEmpty(AdvertisedAddress) ? AdvertisedAddress
        : ParsedBindAddress.Equals(IPAddress.Any) ? Dns.GetHostName() : ParsedBindAddress.ToString();

    /// <summary>The address the servers workers use listen on, parsed.</summary>
    public IPAddress ParsedBindAddress => IPAddress.TryParse(BindAddress, out var address) && address.AddressFamily == AddressFamily.InterNetwork
        ? address
        : throw new InfrastructureUnavailableException(
            $"Infrastructure:BindAddress is '{BindAddress}'; expected an IPv4 address of this machine, such as 127.0.0.1, 0.0.0.0 or 192.168.1.10.");

    /// <summary>Empty means the newest /usr/lib/postgresql/N/bin (15 on Debian 12, 16 on Ubuntu 24.04).</summary>
    public string PostgresBinDir { get; set; } = "";

    public string RabbitMqBinDir { get; set; } = "/usr/lib/rabbitmq/bin";

    /// <summary>The azurite-blob launcher; empty means infra/azurite/node_modules/.bin/azurite-blob in this repository.</summary>
    public string AzuriteBlob { get; set; } = "";

    public string ResolvedPostgresBinDir()
    {
        if (!string.IsNullOrEmpty(PostgresBinDir)) return PostgresBinDir;
        const string root = "/usr/lib/postgresql";
        var newest = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Where(dir => int.TryParse(Path.GetFileName(dir), out _) && File.Exists(Path.Combine(dir, "bin", "postgres")))
                .MaxBy(dir => int.Parse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture))
            : null;
        return Path.Combine(newest ?? Path.Combine(root, "15"), "bin");
    }

    public static InfrastructureOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var mode = section[nameof(Mode)];
        if (mode is not null && !Enum.TryParse<InfrastructureMode>(mode, ignoreCase: true, out _))
        {
            throw new InfrastructureUnavailableException(
                $"Infrastructure:Mode is '{mode}'; expected one of auto, local, container.");
        }
        var options = new InfrastructureOptions();
        section.Bind(options);
        _ = options.LoopbackOnly;   // an unparsable address is refused at start, with its setting named
        if (options.AdvertisedAddress.Length > 0 && Uri.CheckHostName(options.AdvertisedAddress) == UriHostNameType.Unknown)
            throw new InfrastructureUnavailableException(
                $"Infrastructure:AdvertisedAddress is '{options.AdvertisedAddress}'; expected a host name or an IP address the workers reach this machine at.");
        return options;
    }
}
