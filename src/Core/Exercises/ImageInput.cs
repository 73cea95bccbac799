using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises;

/// <summary>One clear message for image batches of the wrong shape, instead of a libtorch stack trace.</summary>
public static class ImageInput
{
    /// <summary>Throws unless <paramref name="x"/> is (N, channels, height, width); null sizes accept any.</summary>
    public static void Check(Tensor x, int channels, int? height = null, int? width = null)
    {
        var ok = x.dim() == 4 && x.shape[1] == channels
                 && (height is null || x.shape[2] == height) && (width is null || x.shape[3] == width);
        if (!ok)
            throw new ArgumentException(
                $"expected input of shape [N, {channels}, {height?.ToString() ?? "H"}, {width?.ToString() ?? "W"}], got [{string.Join(", ", x.shape)}].");
    }
}
