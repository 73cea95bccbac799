using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 10's reference: one CNN over every frame of a clip by folding time into the batch, as the course's
/// CnnLstmClassifier does it in src/Core/Exercises/CnnRnn/CnnLstmClassifier.cs: (B, T, C, H, W) → (B·T, C, H, W) → CNN →
/// (B·T, F) → (B, T, F). flatten(0, 1) puts clip b's frame t at row b·T + t, and reshape(B, T, F) reads it back the same way.
/// </summary>
public sealed class PerFrameReference
{
    #region Exercise10
    Tensor PerFrame(Tensor clips, nn.Module<Tensor, Tensor> cnn)
    {
        long batch = clips.shape[0], time = clips.shape[1];
        var features = cnn.call(clips.flatten(0, 1));   // (B·T, F): one CNN, shared by every frame
        return features.reshape(batch, time, -1);       // (B, T, F): row b·T + t is clip b, frame t
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions() => [new Func<Tensor, nn.Module<Tensor, Tensor>, Tensor>(new PerFrameReference().PerFrame)];
}
