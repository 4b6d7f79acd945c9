using Aevlp.ML.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Aevlp.ML.Tests.Images;

public class GridViewsTests
{
    [Fact]
    public void View_zero_is_the_whole_image_and_tiles_run_row_major()
    {
        var views = GridViews.Rectangles(10, 7, 3);
        Assert.Equal(10, views.Length);
        Assert.Equal(new Rectangle(0, 0, 10, 7), views[0]);
        Assert.Equal(new Rectangle(0, 0, 3, 2), views[1]);
        Assert.Equal(new Rectangle(3, 0, 3, 2), views[2]);
        Assert.Equal(new Rectangle(0, 2, 3, 2), views[4]);
    }

    [Fact]
    public void Tiles_are_floor_sized_and_the_remainder_belongs_to_no_tile()
    {
        var views = GridViews.Rectangles(500, 375, 3);
        Assert.All(views[1..], tile => Assert.Equal(new Size(166, 125), tile.Size));
        Assert.Equal(new Rectangle(332, 250, 166, 125), views[9]); // last row/column ends at 498×375, inside the image
        Assert.Equal(498, views.Max(v => v == views[0] ? 0 : v.Right));

        var uneven = GridViews.Rectangles(11, 8, 3);
        Assert.Equal(new Rectangle(6, 4, 3, 2), uneven[9]); // columns 9–10 and rows 6–7 are in no tile
    }

    [Fact]
    public void Grid_of_one_is_the_whole_image_twice_and_too_small_images_are_refused()
    {
        Assert.Equal([new Rectangle(0, 0, 5, 4), new Rectangle(0, 0, 5, 4)], GridViews.Rectangles(5, 4, 1));
        Assert.Throws<ArgumentException>(() => GridViews.Rectangles(2, 10, 3));
    }

    [Fact]
    public void Renders_every_view_of_a_file()
    {
        using var temp = new TempDirectory();
        string path = temp.Sub("quadrants.png");
        using (var image = new Image<Rgb24>(40, 30))
        {
            for (int y = 0; y < 30; y++)
            for (int x = 0; x < 40; x++)
                image[x, y] = x < 20 ? new Rgb24(255, 255, 255) : new Rgb24(0, 0, 0);
            image.SaveAsPng(path);
        }
        var plain = new ImageNormalization([0, 0, 0], [1, 1, 1]);

        var views = GridViews.Render(path, 2, 8, plain, flip: false);
        const int view = 3 * 8 * 8;

        Assert.Equal(5 * view, views.Length);
        Assert.Equal(1f, views.AsSpan(1 * view, view).ToArray().Average(), 3);   // top-left tile: white
        Assert.Equal(0f, views.AsSpan(2 * view, view).ToArray().Average(), 3);   // top-right tile: black
        Assert.Equal(0.5f, views.AsSpan(0, view).ToArray().Average(), 2);        // whole image: half and half
    }
}
