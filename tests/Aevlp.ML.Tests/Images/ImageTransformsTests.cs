using System.Buffers.Binary;
using Aevlp.ML.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Aevlp.ML.Tests.Images;

public class ImageTransformsTests
{
    private static Image<Rgb24> TwoPixels()
    {
        var image = new Image<Rgb24>(2, 1);
        image[0, 0] = new Rgb24(255, 0, 0);
        image[1, 0] = new Rgb24(0, 128, 255);
        return image;
    }

    [Fact]
    public void Normalises_with_imagenet_statistics_into_channel_planes()
    {
        using var image = TwoPixels();
        var values = new float[6];

        ImageTransforms.WriteChw(image, flip: false, ImageNormalization.ImageNet, values);

        float[] expected =
        [
            (1 - 0.485f) / 0.229f, (0 - 0.485f) / 0.229f,        // R plane
            (0 - 0.456f) / 0.224f, (128 / 255f - 0.456f) / 0.224f, // G plane
            (0 - 0.406f) / 0.225f, (1 - 0.406f) / 0.225f,        // B plane
        ];
        Assert.Equal(expected, values, new FloatTolerance(1e-5f));
    }

    [Fact]
    public void Flip_mirrors_each_row()
    {
        using var image = TwoPixels();
        var plain = new ImageNormalization([0, 0, 0], [1, 1, 1], PixelScale: 255);
        var values = new float[6];

        ImageTransforms.WriteChw(image, flip: true, plain, values);

        Assert.Equal(new float[] { 0, 255, 128, 0, 255, 0 }, values);
    }

    [Fact]
    public void Bgr_order_with_pixel_scale_255_for_caffe_style_models()
    {
        using var image = TwoPixels();
        var caffe = new ImageNormalization([104f, 117f, 123f], [1, 1, 1], ChannelOrder.Bgr, PixelScale: 255);
        var values = new float[6];

        ImageTransforms.WriteChw(image, flip: false, caffe, values);

        Assert.Equal(new float[] { -104, 255 - 104, -117, 128 - 117, 255 - 123, -123 }, values, new FloatTolerance(1e-4f));
    }

    [Fact]
    public void Resizes_to_a_square_and_keeps_a_flat_colour_flat()
    {
        using var image = new Image<Rgb24>(50, 30);
        for (int y = 0; y < 30; y++)
        for (int x = 0; x < 50; x++)
            image[x, y] = new Rgb24(10, 200, 90);

        using var resized = ImageTransforms.CropResize(image, new Rectangle(5, 5, 20, 10), 16);

        Assert.Equal((16, 16), (resized.Width, resized.Height));
        Assert.Equal(new Rgb24(10, 200, 90), resized[0, 0]);
        Assert.Equal(new Rgb24(10, 200, 90), resized[15, 15]);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Decodes_jpeg_and_png_and_names_an_unreadable_file()
    {
        using var temp = new TempDirectory();
        using (var image = new Image<Rgb24>(12, 9))
        {
            image.SaveAsJpeg(temp.Sub("a.jpg"));
            image.SaveAsPng(temp.Sub("a.png"));
        }
        File.WriteAllText(temp.Sub("bad.jpg"), "not an image");

        using (var jpeg = ImageDecoding.Load(temp.Sub("a.jpg"))) Assert.Equal((12, 9), (jpeg.Width, jpeg.Height));
        using (var png = ImageDecoding.Load(temp.Sub("a.png"))) Assert.Equal((12, 9), (png.Width, png.Height));
        var error = Assert.Throws<InvalidDataException>(() => ImageDecoding.Load(temp.Sub("bad.jpg")));
        Assert.StartsWith(temp.Sub("bad.jpg") + ":", error.Message);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_20000_pixel_square_image_is_refused_from_its_header_naming_file_and_size()
    {
        using var temp = new TempDirectory();
        var path = temp.Sub("huge.jpg");
        using (var image = new Image<Rgb24>(16, 16)) image.SaveAsJpeg(path);
        // Claim 20,000 × 20,000 in the JPEG frame header (SOF0: FF C0, length, precision, then big-endian height and width):
        // what a decompression bomb or a huge photo looks like before decoding, without this test allocating 1.2 GB.
        const int side = 20_000;
        var bytes = File.ReadAllBytes(path);
        int frame = Enumerable.Range(0, bytes.Length - 1).First(i => bytes[i] == 0xFF && bytes[i + 1] == 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(frame + 5), side);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(frame + 7), side);
        File.WriteAllBytes(path, bytes);
        Assert.Equal((side, side), (Image.Identify(path).Width, Image.Identify(path).Height));

        var error = Assert.Throws<InvalidDataException>(() => ImageDecoding.Load(path));

        Assert.Equal($"{path}: {side}×{side} is {(long)side * side} pixels; expected at most {ImageDecoding.MaxPixels} (refused before decoding)", error.Message);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_truncated_image_is_refused_naming_the_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Sub("cut.png");
        using (var image = new Image<Rgb24>(64, 64)) image.SaveAsPng(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => ImageDecoding.Load(path));

        Assert.StartsWith($"{path}: cannot decode image: ", error.Message);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float value) => 0;
    }
}
