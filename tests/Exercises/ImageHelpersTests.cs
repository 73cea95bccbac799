using NeuralNotebooks.Data;
using NeuralNotebooks.Display;
using NeuralNotebooks.Exercises;
using TorchSharp;
using static NeuralNotebooks.Tests.Exercises.ModelTestKit;

namespace NeuralNotebooks.Tests.Exercises;

public class ImageHelpersTests
{
    [Fact]
    public void Image_rows_put_each_batch_on_its_own_row_with_gaps()
    {
        var black = torch.zeros(3, 1, 4, 5);
        var tiled = ImageRows.Tile([black, black], columns: 3, gap: 1);
        AssertShape(tiled, 1, 2 * 4 + 1, 3 * 5 + 2);
        Assert.Equal(0f, tiled[0, 0, 0].item<float>());     // an image pixel
        Assert.Equal(1f, tiled[0, 4, 0].item<float>());     // the gap between rows is white
        Assert.Equal(1f, tiled[0, 0, 5].item<float>());     // the gap between columns too
    }

    [Fact]
    public void Held_out_photo_patches_never_overlap_the_training_region()
    {
        // A "photo" whose pixel value is its column index / width: patches tell where they came from.
        var photo = (torch.arange(64f) / 64).view(1, 1, 64).expand(3, 32, 64).contiguous();
        var train = PhotoPatches.Train([photo], count: 50, size: 8, seed: 1);
        var heldOut = PhotoPatches.HeldOut([photo], size: 8);
        AssertShape(train, 50, 3, 8, 8);
        Assert.True(train.max().item<float>() < 48f / 64);           // training: columns < 48 (left ¾)
        Assert.True(heldOut.min().item<float>() >= 48f / 64);        // held out: columns ≥ 48
        AssertShape(heldOut, 4 * 2, 3, 8, 8);                           // 4 rows × 2 columns of 8×8 in the right 16 columns
    }

    [Fact]
    public void Grey_uses_luma_weights_and_keeps_the_channel_dimension()
    {
        var rgb = torch.tensor(new float[] { 1, 0, 0 }).view(1, 3, 1, 1);
        var grey = PhotoPatches.Grey(rgb);
        AssertShape(grey, 1, 1, 1, 1);
        Assert.Equal(0.299f, grey.item<float>(), 5);
    }
}
