using Aevlp.ML.Teachers;
using Aevlp.Registry.Api;
using Aevlp.Storage;

namespace Aevlp.Registry.Assets;

/// <summary>The teachers in blob storage, <c>teachers/{name}/</c>. A teacher exists when its teacher.json does: an import
/// stores it last, so a folder without one is an import cut short, never used.</summary>
public sealed class TeacherCatalog(BlobStore store)
{
    /// <summary>Every teacher, in name order; a folder whose teacher.json does not parse is left out (it cannot be used).</summary>
    public async Task<IReadOnlyList<TeacherSummary>> ListAsync(CancellationToken ct)
    {
        var teachers = new List<TeacherSummary>();
        foreach (var name in await store.FoldersAsync(BlobLayout.Teachers, "", ct))
        {
            if (await FindAsync(name, ct) is { } teacher) teachers.Add(teacher);
        }
        return teachers;
    }

    /// <summary>The named teacher, or null when there is none (or its teacher.json is unreadable).</summary>
    public async Task<TeacherSummary?> FindAsync(string name, CancellationToken ct)
    {
        var files = await store.ListHashedAsync(BlobLayout.Teachers, $"{name}/", ct);
        var marker = files.FirstOrDefault(file => file.Name == $"{name}/{TeacherMetadata.FileName}");
        if (marker is null) return null;
        var json = await store.TryDownloadAsync(BlobLayout.Teacher(name, TeacherMetadata.FileName), ct);
        TeacherMetadata metadata;
        try
        {
            metadata = TeacherMetadata.Parse(json?.ToString() ?? "", $"{BlobLayout.Teachers}/{name}/{TeacherMetadata.FileName}");
        }
        catch (TeacherException)
        {
            return null;
        }
        var stored = files.Select(file => new DatasetFile(file.Name[(name.Length + 1)..], file.Size, file.Sha256)).ToList();
        var sha256 = stored.All(file => file.Sha256 is not null) ? FolderHash.Of(stored.Select(file => (file.Path, file.Sha256!))) : null;
        return new TeacherSummary(name, metadata.Classes, metadata.EmbeddingDim, metadata.InputSize, metadata.LabelRelation is not null, sha256,
            stored, marker.LastModified);
    }
}
