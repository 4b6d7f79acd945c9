using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Aevlp.Testing;

/// <summary>Trims the real app model for a test: a test that plays some services itself (publishing their
/// events on the real bus) removes the real ones, so they do not answer first.</summary>
public static class AppModel
{
    public static readonly string[] Workers = ["pseudolabeler", "trainer", "evaluator"];

    public static readonly string[] Services = ["tracking", "registry", .. Workers];

    /// <summary>The builder of the project resource called <paramref name="name"/>, to change its settings for a test.</summary>
    public static IResourceBuilder<ProjectResource> Project(this IDistributedApplicationTestingBuilder builder, string name) =>
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == name));

    /// <summary>Everything but the named services (and the infrastructure, which stays).</summary>
    public static Action<IDistributedApplicationTestingBuilder> Only(params string[] keep) =>
        builder => Remove(builder, [.. Services.Except(keep)]);

    /// <summary>Removes the named resources and what Aspire attached to them (a project's rebuilder).</summary>
    public static void Remove(IDistributedApplicationTestingBuilder builder, params string[] names)
    {
        var doomed = builder.Resources
            .Where(r => names.Contains(r.Name) || (r is IResourceWithParent child && names.Contains(child.Parent.Name)))
            .ToList();
        foreach (var resource in doomed) builder.Resources.Remove(resource);
    }
}
