using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.Transformer;

/// <summary>
/// Checks a batch of token ids before it reaches an embedding, so a bad id is one clear message instead
/// of a libtorch "index out of range" stack (or, on CUDA, a device-side assert that kills the kernel).
/// </summary>
public static class TokenIds
{
    /// <summary>Throws unless <paramref name="tokens"/> is an int64 tensor of shape [B, T] (T ≤ maxLength) with ids in [0, vocabSize).</summary>
    public static void Check(Tensor tokens, long vocabSize, string what = "tokens", long maxLength = long.MaxValue)
    {
        var shape = "[" + string.Join(", ", tokens.shape) + "]";
        if (tokens.dim() != 2)
            throw new ArgumentException($"expected {what} of shape [B, T] (a batch of token-id sequences), got {shape}.");
        if (tokens.dtype != ScalarType.Int64)
            throw new ArgumentException($"expected {what} as int64 token ids, got {tokens.dtype}.");
        if (tokens.shape[1] > maxLength)
            throw new ArgumentException($"{what} length {tokens.shape[1]} exceeds the model's maximum length {maxLength}.");
        // A meta tensor (the device tests use to catch placement mistakes without a GPU) has shapes but no values.
        if (tokens.numel() == 0 || tokens.device_type == DeviceType.META) return;
        var min = tokens.min().item<long>();
        var max = tokens.max().item<long>();
        if (min < 0 || max >= vocabSize)
            throw new ArgumentException($"{what} contain id {(min < 0 ? min : max)}, outside the vocabulary range [0, {vocabSize - 1}].");
    }
}
