using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.CnnRnn;

#region CnnLstmClassifier
/// <summary>
/// Exercise 10: a CNN + RNN for image sequences (video-style input). The same CNN encodes every frame
/// (frames are folded into the batch, so its weights are shared over time), an LSTM reads the sequence of
/// frame features, and the last hidden state is classified. The CNN sees space, the LSTM sees time: a
/// frame-level CNN alone cannot tell which way a digit moves, and an LSTM on raw pixels learns slowly.
/// Input (B, T, C, H, W) → logits (B, classes).
/// </summary>
public sealed class CnnLstmClassifier : nn.Module<Tensor, Tensor>
{
    private readonly FrameEncoder encoder;
    private readonly LSTM lstm;
    private readonly Linear fc;

    public long Channels { get; }

    public CnnLstmClassifier(long channels, long classes, long frameFeatures = 64, long hiddenSize = 64) : base(nameof(CnnLstmClassifier))
    {
        Channels = channels;
        encoder = new FrameEncoder(channels, frameFeatures);
        lstm = nn.LSTM(frameFeatures, hiddenSize, batchFirst: true);
        fc = nn.Linear(hiddenSize, classes);
        RegisterComponents();
    }

    /// <summary>frames (B, T, C, H, W) → logits (B, classes).</summary>
    public override Tensor forward(Tensor frames)
    {
        if (frames.dim() != 5 || frames.shape[2] != Channels || frames.shape[3] < 4 || frames.shape[4] < 4)
            throw new ArgumentException(
                $"CnnLstmClassifier expects frames of shape [B, T, {Channels}, H, W] with H, W ≥ 4, got [{string.Join(", ", frames.shape)}].");
        long batch = frames.shape[0], time = frames.shape[1];
        var features = encoder.call(frames.flatten(0, 1));             // (B·T, F): one CNN, every frame
        features = features.reshape(batch, time, -1);                  // (B, T, F)
        var (_, hN, _) = lstm.call(features);                          // hN (1, B, H)
        return fc.call(hN[-1]);                                        // (B, classes)
    }
}
#endregion
