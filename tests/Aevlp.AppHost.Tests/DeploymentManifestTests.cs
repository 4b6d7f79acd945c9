using System.Diagnostics;
using Aevlp.AppHost.Services;
using Aspire.Hosting.ApplicationModel;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Aevlp.AppHost.Tests;

/// <summary>infra/k8s and infra/compose against the AppHost's model, without a cluster: every document is a Kubernetes
/// object (KEDA's by their CRD's fields), every setting a service gets from the AppHost is provided, and names and ports
/// agree with the model's.</summary>
public sealed class DeploymentManifestTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
    private static readonly string K8s = Path.Combine(Root, "infra", "k8s");

    /// <summary>What the AppHost hands a service that a deployment supplies otherwise or not at all: telemetry export to the
    /// Aspire dashboard (a cluster sets its own OTLP collector), ASP.NET Core's and .NET's development settings (the
    /// container images listen on 8080), and service discovery's second spelling of the tracker's address.</summary>
    private static readonly string[] SuppliedOtherwise = ["OTEL_", "ASPNETCORE_", "DOTNET_", "HTTP_PORTS", "LOGGING__CONSOLE__", "TRACKING_HTTP"];

    private static readonly Dictionary<string, Type> KedaKinds = new()
    {
        ["keda.sh/v1alpha1/ScaledObject"] = typeof(KedaObject<ScaledObjectSpec>),
        ["keda.sh/v1alpha1/TriggerAuthentication"] = typeof(KedaObject<TriggerAuthenticationSpec>),
    };

    private static List<object> Manifests() =>
        [.. Kustomization().SelectMany(file => KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(K8s, file)), KedaKinds, strict: true))];

    private static IEnumerable<string> Kustomization()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(K8s, "kustomization.yaml"))));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlSequenceNode)root["resources"]).Select(node => ((YamlScalarNode)node).Value!);
    }

    [Fact]
    public void Every_document_is_a_kubernetes_object_and_every_yaml_file_is_applied()
    {
        var objects = Manifests();

        Assert.Equal(Directory.GetFiles(K8s, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order(),
            Kustomization().Order());
        Assert.All(objects, o => Assert.NotNull(o));
        Assert.Equal(["azurite", "evaluator", "pseudolabeler", "registry", "tracking", "trainer"],
            objects.OfType<V1Deployment>().Select(d => d.Metadata.Name).Order());
        Assert.All(objects.OfType<V1Deployment>(), deployment =>
        {
            Assert.Equal(deployment.Metadata.Name, deployment.Spec.Selector.MatchLabels["app.kubernetes.io/name"]);
            Assert.Equal(deployment.Metadata.Name, deployment.Spec.Template.Metadata.Labels["app.kubernetes.io/name"]);
            Assert.All(deployment.Spec.Template.Spec.Containers, container => Assert.NotNull(container.ReadinessProbe));
        });
    }

    [Fact]
    public async Task Every_setting_a_service_gets_from_the_apphost_is_provided_and_every_secret_key_is_generated()
    {
        using var dataDir = new TestFolder();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AEVLP_AppHost>(
            ["--Infrastructure:Mode=local", $"--Infrastructure:DataDir={dataDir}"]);
        var deployments = Manifests().OfType<V1Deployment>().ToDictionary(d => d.Metadata.Name);
        var secretKeys = GeneratedSecret().StringData.Keys.ToHashSet();

        foreach (var service in builder.Resources.OfType<ProjectResource>())
        {
            var container = Assert.Single(deployments[service.Name].Spec.Template.Spec.Containers);
            var provided = container.Env.Select(env => env.Name).ToHashSet();
            var expected = (await ResourceModel.EnvironmentAsync(service)).Keys
                .Where(name => !SuppliedOtherwise.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
            Assert.All(expected, name => Assert.True(provided.Contains(name), $"{service.Name}: the AppHost sets {name}; infra/k8s does not"));
            Assert.All(container.Env.Where(env => env.ValueFrom is not null),
                env => Assert.Contains(env.ValueFrom.SecretKeyRef.Key, secretKeys));
            Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
        }
    }

    [Fact]
    public async Task Service_names_and_ports_are_the_apphost_s_and_trainers_scale_on_the_train_model_queue()
    {
        using var dataDir = new TestFolder();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AEVLP_AppHost>(
            ["--Infrastructure:Mode=local", $"--Infrastructure:DataDir={dataDir}"]);
        var objects = Manifests();
        var services = objects.OfType<V1Service>().ToDictionary(s => s.Metadata.Name);

        foreach (var name in new[] { RegistryResource.Name, "tracking" })
        {
            var endpoint = builder.Resources.Single(r => r.Name == name).Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
            Assert.Equal(endpoint.Port, Assert.Single(services[name].Spec.Ports).Port);
        }
        var projects = builder.Resources.OfType<ProjectResource>().Select(p => p.Name).ToHashSet();
        Assert.Subset(objects.OfType<V1Deployment>().Select(d => d.Metadata.Name).ToHashSet(), projects);
        var scaled = Assert.Single(objects.OfType<KedaObject<ScaledObjectSpec>>());
        // KEDA owns the target's replica count: the manifest leaves it unset, so re-applying never resets it.
        Assert.Null(objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == scaled.Spec.ScaleTargetRef.Name).Spec.Replicas);
        var trigger = Assert.Single(scaled.Spec.Triggers);
        Assert.Equal(("rabbitmq", "train-model", "http"), (trigger.Type, trigger.Metadata["queueName"], trigger.Metadata["protocol"]));
        Assert.Equal(0, scaled.Spec.MinReplicaCount);
        var authentication = Assert.Single(objects.OfType<KedaObject<TriggerAuthenticationSpec>>());
        Assert.Equal(authentication.Metadata.Name, trigger.AuthenticationRef.Name);
        Assert.Contains(Assert.Single(authentication.Spec.SecretTargetRef).Key, GeneratedSecret().StringData.Keys);
        Assert.All(new[] { "pseudolabeler", "trainer" }, gpu => Assert.Equal(new ResourceQuantity("1"),
            Assert.Single(objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == gpu).Spec.Template.Spec.Containers).Resources.Limits["nvidia.com/gpu"]));
    }

    [Fact]
    public void The_compose_file_gives_each_service_what_its_deployment_gets()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "infra", "compose", "docker-compose.yml"))));
        var composed = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];

        foreach (var deployment in Manifests().OfType<V1Deployment>().Where(d => d.Metadata.Name != "azurite"))
        {
            var service = (YamlMappingNode)composed[deployment.Metadata.Name];
            var environment = ((YamlMappingNode)service["environment"]).Children.Keys.Select(key => ((YamlScalarNode)key).Value!).ToHashSet();
            Assert.Equal(Assert.Single(deployment.Spec.Template.Spec.Containers).Env.Select(env => env.Name).ToHashSet(), environment);
        }
    }

    /// <summary>The Secret infra/k8s/credentials.sh prints, parsed as Kubernetes reads it.</summary>
    private static V1Secret GeneratedSecret()
    {
        using var script = Process.Start(new ProcessStartInfo("bash", [Path.Combine(K8s, "credentials.sh"), "k8s"]) { RedirectStandardOutput = true })!;
        var output = script.StandardOutput.ReadToEnd();
        script.WaitForExit();
        Assert.Equal(0, script.ExitCode);
        return KubernetesYaml.Deserialize<V1Secret>(output, strict: true);
    }

    // KEDA's custom resources, with the fields of its CRDs that infra/k8s uses; strict loading refuses any other.
    public sealed class KedaObject<TSpec> : IKubernetesObject<V1ObjectMeta> where TSpec : new()
    {
        public string ApiVersion { get; set; } = "";
        public string Kind { get; set; } = "";
        public V1ObjectMeta Metadata { get; set; } = new();
        public TSpec Spec { get; set; } = new();
    }

    public sealed class ScaledObjectSpec
    {
        public ScaleTarget ScaleTargetRef { get; set; } = new();
        public int MinReplicaCount { get; set; }
        public int MaxReplicaCount { get; set; }
        public int CooldownPeriod { get; set; }
        public List<ScaleTrigger> Triggers { get; set; } = [];
    }

    public sealed class ScaleTarget
    {
        public string Name { get; set; } = "";
    }

    public sealed class ScaleTrigger
    {
        public string Type { get; set; } = "";
        public Dictionary<string, string> Metadata { get; set; } = [];
        public ScaleTarget AuthenticationRef { get; set; } = new();
    }

    public sealed class TriggerAuthenticationSpec
    {
        public List<SecretTarget> SecretTargetRef { get; set; } = [];
    }

    public sealed class SecretTarget
    {
        public string Parameter { get; set; } = "";
        public string Name { get; set; } = "";
        public string Key { get; set; } = "";
    }
}
