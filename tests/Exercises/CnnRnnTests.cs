using NeuralNotebooks.Exercises.CnnRnn;
using NeuralNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class CnnRnnTests
{
    [Fact]
    public void A_batch_of_clips_gives_one_score_row_per_clip_and_gradients_reach_every_parameter()
    {
        Seed.Set(0);
        var model = new CnnLstmClassifier(channels: 1, classes: 4, frameFeatures: 16, hiddenSize: 16);
        var logits = model.call(randn(new long[] { 3, 5, 1, 20, 20 }));
        Assert.Equal(new long[] { 3, 4 }, logits.shape);
        nn.functional.cross_entropy(logits, tensor(new long[] { 0, 1, 3 })).backward();
        ModelTestKit.AssertEveryParameterGetsGradient(model);
    }

    [Fact]
    public void The_order_of_frames_matters()
    {
        Seed.Set(0);
        var model = new CnnLstmClassifier(1, 2, 16, 16);
        model.eval();
        var clip = randn(new long[] { 1, 4, 1, 16, 16 });
        var reversed = clip.flip(1);
        Assert.False(model.call(clip).allclose(model.call(reversed), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void A_few_dozen_steps_learn_which_way_a_square_moves()
    {
        Seed.Set(2);
        var (clips, labels) = MovingSquares(48, new Random(5));
        var model = new CnnLstmClassifier(1, 2, 16, 16);
        ModelTestKit.AssertTrainingHalvesTheLoss(model, () => nn.functional.cross_entropy(model.call(clips), labels), steps: 30, lr: 0.01);
    }

    [Fact]
    public void The_motion_model_beats_a_one_frame_model_that_sees_only_the_last_frame()
    {
        // In MovingSquares the last frame's square sits in columns 3–5 whichever way it moved, so the last frame
        // alone says nothing about the label: a one-frame model stays near chance, the model of the whole clip must not.
        var (trainClips, trainLabels) = MovingSquares(128, new Random(11));
        var (testClips, testLabels) = MovingSquares(256, new Random(12));
        double HeldOutAccuracy(Func<Tensor, Tensor> view)
        {
            Seed.Set(3);
            var model = new CnnLstmClassifier(1, 2, 16, 16);
            ModelTestKit.TrainClassifier(model, view(trainClips), trainLabels, steps: 60, learningRate: 0.01);
            model.eval();
            using var noGrad = no_grad();
            return model.call(view(testClips)).argmax(1).eq(testLabels).to_type(float32).mean().item<float>();
        }
        var motion = HeldOutAccuracy(clips => clips);
        var lastFrame = HeldOutAccuracy(clips => clips[.., TensorIndex.Slice(-1)]);   // the baseline: a clip of one frame
        Assert.True(motion >= 0.9 && motion >= lastFrame + 0.25, $"held-out accuracy: whole clip {motion:P1}, last frame only {lastFrame:P1}");
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        var model = new CnnLstmClassifier(1, 2, 8, 8);
        var e = Assert.Throws<ArgumentException>(() => model.call(randn(2, 1, 16, 16)));
        Assert.Equal("CnnLstmClassifier expects frames of shape [B, T, 1, H, W] with H, W ≥ 4, got [2, 1, 16, 16].", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.call(randn(new long[] { 2, 3, 3, 16, 16 })));
        Assert.Contains("got [2, 3, 3, 16, 16]", e.Message);
    }

    /// <summary>A 3×3 square moving left (label 0) or right (label 1) over 4 frames of 12×12.</summary>
    static (Tensor Clips, Tensor Labels) MovingSquares(int count, Random random)
    {
        var clips = zeros(new long[] { count, 4, 1, 12, 12 });
        var labels = new long[count];
        for (var n = 0; n < count; n++)
        {
            labels[n] = random.Next(2);
            int row = random.Next(9), start = labels[n] == 1 ? random.Next(3) : 6 + random.Next(3);
            for (var t = 0; t < 4; t++)
            {
                var col = labels[n] == 1 ? start + t : start - t;
                clips[n, t, 0, TensorIndex.Slice(row, row + 3), TensorIndex.Slice(col, col + 3)] = ones(3, 3);
            }
        }
        return (clips, tensor(labels));
    }
}
