using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>
/// The source domain for the translation: line drawings made from real images with a Sobel filter —
/// gradient magnitude, scaled per image, thresholded to black/white lines. So every real image gives
/// a paired (edges, image) example, like pix2pix's edges→shoes.
/// </summary>
public static class EdgeMaps
{
    /// <summary>Binary edge maps (0 or 1) of grey images in [0, 1], shape (N, 1, H, W) in and out.</summary>
    public static Tensor Sobel(Tensor images, double threshold = 0.25)
    {
        InputChecks.Images(images, nameof(EdgeMaps), channels: 1);
        using var scope = NewDisposeScope();
        var kx = tensor(new float[] { -1, 0, 1, -2, 0, 2, -1, 0, 1 }, device: images.device).view(1, 1, 3, 3);
        var ky = kx.transpose(2, 3);
        var gx = nn.functional.conv2d(images, kx, padding: [1, 1]);               // (N, 1, H, W)
        var gy = nn.functional.conv2d(images, ky, padding: [1, 1]);
        var magnitude = (gx * gx + gy * gy).sqrt();
        var peak = magnitude.amax([1, 2, 3], keepdim: true).clamp_min(1e-6);      // (N, 1, 1, 1)
        return (magnitude / peak).gt(threshold).to(images.dtype).MoveToOuterDisposeScope();
    }
}
