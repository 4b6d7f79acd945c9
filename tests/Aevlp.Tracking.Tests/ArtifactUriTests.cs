using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

/// <summary>The client and the tracker read an artifact location the same way, the server-naming form included.</summary>
public class ArtifactUriTests
{
    [Theory]
    [InlineData("mlflow-artifacts:/1/abc/artifacts", "1/abc/artifacts")]
    [InlineData("mlflow-artifacts:1/abc/artifacts/", "1/abc/artifacts")]
    [InlineData("mlflow-artifacts://localhost:5000/1/abc/artifacts", "1/abc/artifacts")]
    public void The_root_is_the_path_after_the_scheme_and_any_server(string uri, string root) =>
        Assert.Equal(root, ArtifactUri.Root(uri));

    [Fact]
    public void Another_scheme_has_no_root_here() => Assert.Null(ArtifactUri.Root("s3://bucket/1/abc"));
}
