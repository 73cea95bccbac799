using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 09 (each sequence's RNN output at its real last step).</summary>
public class LastStepGraderTests
{
    static CheckReport Check(Func<Tensor, Tensor, Tensor> last) => NeuralNotebooks.Practice.Practice.Check("09", last);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("09", PracticeCatalog.Reference(PracticeCatalog.Practice("09"))));

    /// <summary>Written differently: flatten (B, T) into rows and index_select row b·T + length − 1.</summary>
    [Fact]
    public void A_flat_index_select_passes() => AssertPasses(Check((outputs, lengths) =>
    {
        var (b, t, h) = (outputs.shape[0], outputs.shape[1], outputs.shape[2]);
        return outputs.reshape(b * t, h).index_select(0, torch.arange(b) * t + lengths - 1);
    }));

    /// <summary>Also correct: a loop over the batch, one indexed row each, stacked.</summary>
    [Fact]
    public void A_loop_over_sequences_passes() => AssertPasses(Check((outputs, lengths) =>
        torch.stack(Enumerable.Range(0, (int)outputs.shape[0]).Select(b => outputs[b, lengths[b].item<long>() - 1]).ToArray())));

    /// <summary>The guide's defect: no lengths at all, so the last padded position is read.</summary>
    [Fact]
    public void The_guides_last_padded_position_fails_values_padding_invariance_and_gradients()
    {
        var report = Check((outputs, lengths) => outputs.select(1, -1));
        AssertFails(report, "values", "outputs[:, -1]", "the guide's example");
        AssertFails(report, "padding invariance", "padded steps changed");
        AssertFails(report, "gradients reach only the last real steps", "the gradient of outputs");
    }

    [Fact]
    public void Indexing_at_length_instead_of_length_minus_one_fails_values_and_the_full_length_case()
    {
        var report = Check((outputs, lengths) => outputs.gather(1, lengths.view(-1, 1, 1).expand(-1, 1, outputs.shape[2])).squeeze(1));
        AssertFails(report, "values", "off by one", "n − 1");
        AssertFails(report, "lengths of 1 and T", "threw", "off by one");
    }

    [Fact]
    public void Squeezing_every_axis_fails_shapes_for_a_batch_of_one()
    {
        AssertFails(Check((outputs, lengths) => outputs.gather(1, (lengths - 1).view(-1, 1, 1).expand(-1, 1, outputs.shape[2])).squeeze()),
            "shapes", "squeeze only dim 1");
    }
}
