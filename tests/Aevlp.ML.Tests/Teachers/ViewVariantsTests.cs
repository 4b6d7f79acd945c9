using Aevlp.ML.Teachers;
using SixLabors.ImageSharp;

namespace Aevlp.ML.Tests.Teachers;

public class ViewVariantsTests
{
    // A value from another process (this file): seeding from HashCode, which .NET randomises per process, would
    // give a different crop in every run, and cached pseudo-labels would not match what a re-run computes.
    [Fact]
    public void A_crop_depends_only_on_its_inputs_the_same_in_every_process()
    {
        var crop = ViewVariants.Crop(new Rectangle(10, 20, 100, 80), seed: 1, image: 2, viewIndex: 3, variant: 4);

        Assert.Equal(new Rectangle(18, 25, 81, 64), crop);
    }
}
