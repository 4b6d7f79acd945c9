using System.Text.Json;
using Aevlp.AppHost.Infrastructure;
using Aevlp.AppHost.Services;
using Aspire.Hosting.ApplicationModel;

namespace Aevlp.AppHost.Tests;

/// <summary>The per-install API key: a secret parameter, generated once, kept in the data folder's credentials.json.</summary>
public sealed class ApiKeyTests
{
    [Fact]
    public async Task The_key_is_a_secret_parameter_stable_across_restarts_and_different_in_another_data_folder()
    {
        using var dataDir = new TestFolder();
        using var otherDataDir = new TestFolder();
        var (first, secret) = await ApiKeyAsync(dataDir.Path);
        var (again, _) = await ApiKeyAsync(dataDir.Path);
        var (other, _) = await ApiKeyAsync(otherDataDir.Path);

        Assert.True(secret);
        Assert.Equal(43, first.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(first, LocalCredentials.LoadOrCreate(Path.Combine(dataDir.Path, "credentials.json")).ApiKey);
    }

    [Fact]
    public void Credentials_written_before_the_key_existed_get_one_and_keep_their_passwords_readable_by_the_owner_only()
    {
        using var dataDir = new TestFolder();
        var file = Path.Combine(dataDir.Path, "credentials.json");
        File.WriteAllText(file, """{"PostgresPassword":"pg","RabbitMqPassword":"mq","BlobAccountKey":"blob"}""");

        var credentials = LocalCredentials.LoadOrCreate(file);

        Assert.Equal(("pg", "mq", "blob"), (credentials.PostgresPassword, credentials.RabbitMqPassword, credentials.BlobAccountKey));
        Assert.Equal(43, credentials.ApiKey.Length);
        Assert.Equal(credentials.ApiKey, JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("ApiKey").GetString());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(credentials, LocalCredentials.LoadOrCreate(file));
    }

    private static async Task<(string Key, bool Secret)> ApiKeyAsync(string dataDir)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AEVLP_AppHost>(
            ["--Infrastructure:Mode=local", $"--Infrastructure:DataDir={dataDir}"]);
        var parameter = builder.Resources.OfType<ParameterResource>().Single(r => r.Name == ApiSecurity.ParameterName);
        return ((await parameter.GetValueAsync(CancellationToken.None))!, parameter.Secret);
    }
}
