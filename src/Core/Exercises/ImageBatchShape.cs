using TorchSharp;

namespace NeuralNotebooks.Exercises;

/// <summary>
/// The input checks the image models share: a batch of images must be [N, C, H, W] with the channel
/// count (and, where the architecture needs it, the height and width) the model was built for. A wrong
/// shape gets one message naming what was expected and what came, instead of a libtorch stack.
/// </summary>
public static class ImageBatchShape
{
    /// <summary>Throws unless <paramref name="x"/> is [N, channels, H, W]; <c>null</c> sizes accept any value,
    /// <paramref name="multipleOf"/> requires H and W divisible by it (for down/up-sampling architectures).</summary>
    public static void Require(torch.Tensor x, string model, long channels, long? height = null, long? width = null, long multipleOf = 1)
    {
        var ok = x.dim() == 4 && x.shape[0] > 0 && x.shape[1] == channels
                 && (height is null || x.shape[2] == height) && (width is null || x.shape[3] == width)
                 && x.shape[2] % multipleOf == 0 && x.shape[3] % multipleOf == 0;
        if (ok) return;
        var expected = $"[N, {channels}, {height?.ToString() ?? "H"}, {width?.ToString() ?? "W"}]";
        var rule = multipleOf > 1 ? $" with H and W multiples of {multipleOf}" : "";
        throw new ArgumentException($"{model}: expected input of shape {expected}{rule}, got {Describe(x)}.");
    }

    /// <summary>Throws unless <paramref name="z"/> is a batch of vectors [N, size].</summary>
    public static void RequireVectors(torch.Tensor z, string model, long size)
    {
        if (z.dim() == 2 && z.shape[0] > 0 && z.shape[1] == size) return;
        throw new ArgumentException($"{model}: expected input of shape [N, {size}], got {Describe(z)}.");
    }

    static string Describe(torch.Tensor x) => $"[{string.Join(", ", x.shape)}]";
}
