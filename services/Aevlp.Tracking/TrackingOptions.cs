using System.ComponentModel.DataAnnotations;

namespace Aevlp.Tracking;

/// <summary>The "Tracking" configuration section.</summary>
public sealed class TrackingOptions
{
    public const string Section = "Tracking";

    /// <summary>Blob container that holds every artifact, private.</summary>
    [Required, RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$",
        ErrorMessage = "Tracking:ArtifactContainer must be a valid blob container name (3-63 lowercase letters, digits and single dashes).")]
    public string ArtifactContainer { get; set; } = "mlflow-artifacts";

    /// <summary>Block size of streamed artifact uploads: the most of one upload held in memory at once.</summary>
    [Range(64 * 1024, 100 * 1024 * 1024)]
    public int UploadBlockBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many values (params, tags, latest metrics, inputs, outputs; about 170 bytes each in memory, as measured) the cache of
    /// assembled runs that runs/get and runs/search answer from may hold; 0 turns it off. The default holds a 10,000-run
    /// experiment of 50 params and 20 metrics per run.</summary>
    [Range(0, int.MaxValue)]
    public int RunCacheValues { get; set; } = 1_000_000;
}
