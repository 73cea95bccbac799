using NeuralNotebooks.Practice;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 11 (the TextCNN head: convolutions over time, max over real positions).</summary>
public class TextCnnPoolGraderTests
{
    static CheckReport Check(Func<Tensor, Tensor, Conv1d[], Tensor> features) => NeuralNotebooks.Practice.Practice.Check("11", features);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("11", PracticeCatalog.Reference(PracticeCatalog.Practice("11"))));

    /// <summary>Written differently: a loop over texts, each cut to its length and right-padded, the max over dim 1 after a transpose back.</summary>
    [Fact]
    public void A_loop_over_texts_cut_to_their_length_passes() => AssertPasses(Check((embedded, lengths, convs) =>
    {
        var rows = new List<Tensor>();
        for (long b = 0; b < embedded.shape[0]; b++)
        {
            var n = lengths[b].item<long>();
            var text = embedded[b].narrow(0, 0, n).t().unsqueeze(0);                    // (1, E, n)
            rows.Add(torch.cat(convs.Select(conv =>
            {
                var w = conv.weight.shape[2];
                var padded = torch.cat([text, torch.zeros(1, text.shape[1], w - 1, dtype: text.dtype)], 2);
                return conv.call(padded).relu()[0].t().max(0).values;                   // (n, F) → (F)
            }).ToArray(), 0));
        }
        return torch.stack(rows);
    }));

    /// <summary>The guide's kind of defect: no lengths at all, so the max also reads padding.</summary>
    [Fact]
    public void Max_over_padding_too_fails_values_and_padding_invariance()
    {
        var report = Check((embedded, lengths, convs) => torch.cat(convs.Select(conv =>
            conv.call(nn.functional.pad(embedded.transpose(1, 2), [0, conv.weight.shape[2] - 1])).relu().amax([2])).ToArray(), 1));
        AssertFails(report, "values", "over padded positions", "−∞");
        AssertFails(report, "padding invariance", "padded embeddings changed", "guide");
    }

    [Fact]
    public void Pooling_over_the_channel_axis_fails_shapes()
    {
        var reference = (Func<Tensor, Tensor, Conv1d[], Tensor>)PracticeCatalog.Reference(PracticeCatalog.Practice("11"))[0];
        AssertFails(Check((embedded, lengths, convs) =>
        {
            var valid = torch.arange(embedded.shape[1]).unsqueeze(0) < lengths.unsqueeze(1);
            var x = embedded.masked_fill(valid.logical_not().unsqueeze(2), 0.0).transpose(1, 2);
            return torch.cat(convs.Select(conv => conv.call(nn.functional.pad(x, [0, conv.weight.shape[2] - 1])).relu().amax([1])).ToArray(), 1);
        }), "shapes", "wrong axis", "dim 2");
    }

    [Fact]
    public void Valid_convolutions_without_right_padding_fail_texts_shorter_than_the_widest_filter()
    {
        AssertFails(Check((embedded, lengths, convs) =>
        {
            var t = embedded.shape[1];
            var valid = torch.arange(t).unsqueeze(0) < lengths.unsqueeze(1);
            var x = embedded.masked_fill(valid.logical_not().unsqueeze(2), 0.0).transpose(1, 2);
            return torch.cat(convs.Select(conv =>
            {
                var w = conv.weight.shape[2];
                if (w > t) return torch.zeros(embedded.shape[0], conv.weight.shape[0], dtype: embedded.dtype);
                var y = conv.call(x).relu();                                              // (B, F, T − w + 1)
                var ok = torch.arange(t - w + 1).unsqueeze(0) <= (lengths - w).clamp_min(0).unsqueeze(1);
                return y.masked_fill(ok.logical_not().unsqueeze(1), double.NegativeInfinity).amax([2]);
            }).ToArray(), 1);
        }), "values");
    }
}
