using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>Which positions of a padded [B, T] batch hold real tokens.</summary>
public static class SequenceMask
{
    /// <summary>(B, T) boolean, true where position t &lt; the sequence's length; on the lengths' device.</summary>
    public static Tensor Valid(Tensor lengths, long time) =>
        arange(time, device: lengths.device).unsqueeze(0) < lengths.unsqueeze(1);
}
