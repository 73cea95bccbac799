using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 03 (one LSTM step with its four gates).</summary>
public class LstmCellGraderTests
{
    static CheckReport Check(Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor)> cell) =>
        NeuralNotebooks.Practice.Practice.Check("03", cell);

    [Fact]
    public void The_reference_passes() =>
        AssertPasses(NeuralNotebooks.Practice.Practice.Check("03", PracticeCatalog.Reference(PracticeCatalog.Practice("03"))));

    /// <summary>Written differently: one gate at a time from slices of the weights, sigmoid written through tanh.</summary>
    [Fact]
    public void A_gate_by_gate_cell_passes() => AssertPasses(Check((x, h, c, wIh, wHh, bIh, bHh) =>
    {
        var hidden = h.shape[1];
        Tensor Gate(int k) => torch.nn.functional.linear(x, wIh.narrow(0, k * hidden, hidden), bIh.narrow(0, k * hidden, hidden))
                            + torch.nn.functional.linear(h, wHh.narrow(0, k * hidden, hidden), bHh.narrow(0, k * hidden, hidden));
        Tensor Sigmoid(Tensor t) => 0.5 * ((t * 0.5).tanh() + 1);
        var cNext = Sigmoid(Gate(1)) * c + Sigmoid(Gate(0)) * Gate(2).tanh();
        return (Sigmoid(Gate(3)) * cNext.tanh(), cNext);
    }));

    /// <summary>The guide's own bug: no W_hh — the previous hidden state meets only the biases.</summary>
    [Fact]
    public void The_guides_cell_without_recurrent_weights_fails_recurrence()
    {
        var report = Check((x, h, c, wIh, wHh, bIh, bHh) =>
        {
            var gates = (x.matmul(wIh.t()) + bIh + bHh).chunk(4, 1);
            var cNext = gates[1].sigmoid() * c + gates[0].sigmoid() * gates[2].tanh();
            return (gates[3].sigmoid() * cNext.tanh(), cNext);
        });
        AssertFails(report, "recurrence", "does not depend on the previous hidden state", "recurrent weights missing?");
        AssertFails(report, "gradients reach every parameter", "wHh gets no gradient");
    }

    /// <summary>Two more of the guide's slips: a sigmoid candidate, and the cell squashed in place.</summary>
    [Fact]
    public void A_sigmoid_candidate_fails_values_naming_the_new_c()
    {
        AssertFails(Check((x, h, c, wIh, wHh, bIh, bHh) =>
        {
            var gates = (x.matmul(wIh.t()) + bIh + h.matmul(wHh.t()) + bHh).chunk(4, 1);
            var cNext = gates[1].sigmoid() * c + gates[0].sigmoid() * gates[2].sigmoid();
            return (gates[3].sigmoid() * cNext.tanh(), cNext);
        }), "values", "the new c", "worst difference", "tanh (not sigmoid)");
    }

    [Fact]
    public void A_cell_squashed_in_place_fails_values()
    {
        AssertFails(Check((x, h, c, wIh, wHh, bIh, bHh) =>
        {
            var gates = (x.matmul(wIh.t()) + bIh + h.matmul(wHh.t()) + bHh).chunk(4, 1);
            var cNext = (gates[1].sigmoid() * c + gates[0].sigmoid() * gates[2].tanh()).tanh();
            return (gates[3].sigmoid() * cNext, cNext);
        }), "values", "the new c");
    }

    [Fact]
    public void A_hand_written_sigmoid_that_overflows_fails_stability()
    {
        AssertFails(Check((x, h, c, wIh, wHh, bIh, bHh) =>
        {
            Tensor Sigmoid(Tensor t) => t.exp() / (t.exp() + 1);
            var gates = (x.matmul(wIh.t()) + bIh + h.matmul(wHh.t()) + bHh).chunk(4, 1);
            var cNext = Sigmoid(gates[1]) * c + Sigmoid(gates[0]) * gates[2].tanh();
            return (Sigmoid(gates[3]) * cNext.tanh(), cNext);
        }), "stability ×1e4", "NaN or Inf");
    }
}
