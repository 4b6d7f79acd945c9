using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Aevlp.AppHost.Tests;

/// <summary>What the AppHost's model hands a resource, read without starting anything.</summary>
internal static class ResourceModel
{
    /// <summary>The environment as the resource's callbacks write it, values unresolved (references stay objects).</summary>
    public static async Task<Dictionary<string, object>> EnvironmentAsync(IResource resource)
    {
        var environment = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, environment);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>()) await callback.Callback(context);
        return environment;
    }
}
