using TorchSharp;

namespace NeuralNotebooks.Exercises.RnnClassifier;

/// <summary>
/// Checks for a padded batch of token sequences, shared by the sequence models: tokens (B, T) int64 with
/// ids in [0, vocabulary), lengths (B) int64 with 1 ≤ length ≤ T. Each failure is one sentence naming
/// what was expected, so a notebook user never sees a libtorch stack (an out-of-range id would otherwise
/// surface as an index error deep inside the embedding).
/// </summary>
public static class SequenceInput
{
    public static void CheckTokens(torch.Tensor tokens, long vocabularySize, string model)
    {
        if (tokens.dim() != 2)
            throw new ArgumentException($"{model} expects token ids of shape [B, T], got {Shape(tokens)}.");
        if (tokens.dtype != torch.int64)
            throw new ArgumentException($"{model} expects token ids of type int64, got {tokens.dtype}.");
        // A meta tensor (the device tests use to catch placement mistakes without a GPU) has shapes but no values.
        if (tokens.numel() == 0 || tokens.device_type == DeviceType.META) return;
        long min = tokens.min().item<long>(), max = tokens.max().item<long>();
        if (min < 0 || max >= vocabularySize)
            throw new ArgumentException(
                $"{model} got token id {(min < 0 ? min : max)}, outside its vocabulary: ids must be in [0, {vocabularySize - 1}].");
    }

    public static void CheckLengths(torch.Tensor lengths, torch.Tensor tokens, string model)
    {
        long batch = tokens.shape[0], time = tokens.shape[1];
        if (lengths.dim() != 1 || lengths.shape[0] != batch)
            throw new ArgumentException($"{model} expects lengths of shape [{batch}] (one per sequence), got {Shape(lengths)}.");
        if (lengths.dtype != torch.int64)
            throw new ArgumentException($"{model} expects lengths of type int64, got {lengths.dtype}.");
        if (lengths.device_type == DeviceType.META) return;
        long min = lengths.min().item<long>(), max = lengths.max().item<long>();
        if (min < 1 || max > time)
            throw new ArgumentException($"{model} got a sequence length of {(min < 1 ? min : max)}: lengths must be in [1, {time}] (T = {time}).");
    }

    /// <summary>True at real tokens, false at padding: (B, T) bool, on the lengths' device.</summary>
    public static torch.Tensor ValidMask(torch.Tensor lengths, long time) =>
        torch.arange(time, device: lengths.device).unsqueeze(0) < lengths.unsqueeze(1);   // (B, T)

    public static string Shape(torch.Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
