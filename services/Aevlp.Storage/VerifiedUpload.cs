namespace Aevlp.Storage;

/// <summary>How <see cref="BlobStore.UploadVerifiedAsync"/> ended; only <see cref="Committed"/> wrote anything visible.</summary>
public enum VerifiedUpload
{
    Committed,
    TooLarge,
    HashMismatch,

    /// <summary>A create-only upload found the blob already there; nothing was written.</summary>
    AlreadyExists,
}

/// <summary>A stored blob with the SHA-256 its verified upload recorded (null when it was written otherwise).</summary>
public sealed record HashedBlob(string Name, long Size, string? Sha256, DateTimeOffset? LastModified);
