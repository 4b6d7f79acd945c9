using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Aevlp.Registry.Assets;

/// <summary>A private temporary folder for one import under <see cref="RegistryOptions.ImportDirectory"/>: uploaded files are
/// streamed here, hashed and counted, and checked before anything reaches blob storage. Deleted on dispose.</summary>
public sealed class ImportSpool : IDisposable
{
    private const int BufferSize = 1 << 20;

    private ImportSpool(string folder) => Folder = folder;

    public string Folder { get; }

    public static ImportSpool Create(IOptions<RegistryOptions> options)
    {
        var folder = Path.Combine(options.Value.ImportDirectory, $"import-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return new ImportSpool(folder);
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="file"/> in the folder; null when it is longer than
    /// <paramref name="maxBytes"/> (the rest is not read), else its SHA-256 (lower-case hex).</summary>
    public async Task<string?> WriteAsync(string file, Stream content, long maxBytes, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var target = File.Create(PathOf(file));
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
            {
                total += read;
                if (total > maxBytes) return null;
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public string PathOf(string file) => Path.Combine(Folder, file);

    /// <summary>A checker's message with this folder's paths turned back into the names the client uploaded.</summary>
    public string Uploaded(string message) => message.Replace(Folder + Path.DirectorySeparatorChar, "");

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
