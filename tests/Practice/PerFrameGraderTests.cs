using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 10 (one CNN over every frame, time folded into the batch).</summary>
public class PerFrameGraderTests
{
    static CheckReport Check(Func<Tensor, nn.Module<Tensor, Tensor>, Tensor> perFrame) => NeuralNotebooks.Practice.Practice.Check("10", perFrame);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("10", PracticeCatalog.Reference(PracticeCatalog.Practice("10"))));

    /// <summary>Written differently: a loop over frames, the CNN on each (B, C, H, W) slice, stacked along time.</summary>
    [Fact]
    public void A_loop_over_frames_passes() => AssertPasses(Check((clips, cnn) =>
        torch.stack(Enumerable.Range(0, (int)clips.shape[1]).Select(t => cnn.call(clips[.., t])).ToArray(), dim: 1)));

    /// <summary>Also correct: view instead of flatten, unflatten instead of reshape.</summary>
    [Fact]
    public void View_and_unflatten_pass() => AssertPasses(Check((clips, cnn) =>
    {
        var s = clips.shape;
        return cnn.call(clips.view(s[0] * s[1], s[2], s[3], s[4])).unflatten(0, [s[0], s[1]]);
    }));

    /// <summary>The usual mistake: folded in (t, b) order and read back as (b, t) — clips and frames mixed.</summary>
    [Fact]
    public void Batch_and_time_mixed_up_fails_values_and_says_so()
    {
        var report = Check((clips, cnn) =>
        {
            long b = clips.shape[0], t = clips.shape[1];
            return cnn.call(clips.transpose(0, 1).flatten(0, 1)).reshape(b, t, -1);
        });
        AssertFails(report, "values", "batch and time are mixed up");
    }

    [Fact]
    public void A_mean_over_time_before_the_cnn_fails_values_and_gradients_and_says_so()
    {
        var report = Check((clips, cnn) =>
        {
            long b = clips.shape[0], t = clips.shape[1];
            var feature = cnn.call(clips.mean([1]));
            return feature.unsqueeze(1).expand(b, t, feature.shape[1]);
        });
        AssertFails(report, "values", "averaged over time before the CNN");
        AssertFails(report, "gradients reach the CNN", "gradient of the CNN's");
    }

    /// <summary>The guide's defect: no time axis — one image per sample, so one vector per clip instead of one per frame.</summary>
    [Fact]
    public void The_guides_single_image_without_a_time_axis_fails_shapes()
    {
        AssertFails(Check((clips, cnn) => cnn.call(clips[.., 0])), "shapes", "no time axis", "the guide");
    }

    [Fact]
    public void A_5d_clip_handed_to_the_cnn_fails_with_its_message()
    {
        var report = Check((clips, cnn) => cnn.call(clips));
        Assert.False(report.Passed, report.ToString());
        Assert.Contains("fold time into the batch", report.ToString());
    }

    /// <summary>Frames read back in the wrong order (reversed): frame order fails, not only the values.</summary>
    [Fact]
    public void Reversed_frames_fail_values_and_frame_order()
    {
        var reference = (Func<Tensor, nn.Module<Tensor, Tensor>, Tensor>)PracticeCatalog.Reference(PracticeCatalog.Practice("10"))[0];
        var report = Check((clips, cnn) => reference(clips, cnn).flip(1));
        AssertFails(report, "values", "Fold time into the batch");
        AssertFails(report, "frame order", "feature of frame t alone");
    }

    [Fact]
    public void A_detached_result_fails_gradients()
    {
        var reference = (Func<Tensor, nn.Module<Tensor, Tensor>, Tensor>)PracticeCatalog.Reference(PracticeCatalog.Practice("10"))[0];
        AssertFails(Check((clips, cnn) => reference(clips, cnn).detach()), "gradients reach the CNN", "does not depend");
    }
}
