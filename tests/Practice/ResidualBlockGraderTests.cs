using NeuralNotebooks.Practice;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 19 (a ResNet basic block: the shortcut choice and the forward pass).</summary>
public class ResidualBlockGraderTests
{
    static readonly Delegate[] Reference = PracticeCatalog.Reference(PracticeCatalog.Practice("19"));
    static readonly Func<int, int, int, nn.Module<Tensor, Tensor>> ReferenceShortcut = (Func<int, int, int, nn.Module<Tensor, Tensor>>)Reference[0];
    static readonly Func<Tensor, Conv2d, BatchNorm2d, Conv2d, BatchNorm2d, nn.Module<Tensor, Tensor>, Tensor> ReferenceForward =
        (Func<Tensor, Conv2d, BatchNorm2d, Conv2d, BatchNorm2d, nn.Module<Tensor, Tensor>, Tensor>)Reference[1];

    static CheckReport Check(Func<int, int, int, nn.Module<Tensor, Tensor>>? shortcut = null,
        Func<Tensor, Conv2d, BatchNorm2d, Conv2d, BatchNorm2d, nn.Module<Tensor, Tensor>, Tensor>? forward = null) =>
        NeuralNotebooks.Practice.Practice.Check("19", shortcut ?? ReferenceShortcut, forward ?? ReferenceForward);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("19", Reference));

    /// <summary>Written differently: an empty Sequential as the identity, a named Sequential as the projection, forward() and functional relu, the shortcut computed first.</summary>
    [Fact]
    public void A_differently_written_block_passes() => AssertPasses(Check(
        (i, o, s) => i == o && s == 1
            ? nn.Sequential()
            : nn.Sequential(("conv", nn.Conv2d(i, o, 1, stride: s, bias: false)), ("bn", nn.BatchNorm2d(o))),
        (x, conv1, bn1, conv2, bn2, shortcut) =>
        {
            var identity = shortcut.forward(x);
            var h = torch.nn.functional.relu(bn1.forward(conv1.forward(x)));
            return torch.nn.functional.relu(identity.add(bn2.forward(conv2.forward(h))));
        }));

    /// <summary>The guide's bug: the unchanged input is added to the branch whatever its shape (no projection used).</summary>
    [Fact]
    public void The_guides_unprojected_addition_fails_shapes() =>
        AssertFails(Check(forward: (x, conv1, bn1, conv2, bn2, shortcut) => (bn2.call(conv2.call(bn1.call(conv1.call(x)).relu())) + x).relu()),
            "shapes", "threw", "the guide's bug");

    [Fact]
    public void Dropping_the_shortcut_fails_values_and_says_so() =>
        AssertFails(Check(forward: (x, conv1, bn1, conv2, bn2, shortcut) => bn2.call(conv2.call(bn1.call(conv1.call(x)).relu())).relu()),
            "values", "the shortcut is not added");

    [Fact]
    public void A_ReLU_before_the_addition_only_fails_values_and_says_so() =>
        AssertFails(Check(forward: (x, conv1, bn1, conv2, bn2, shortcut) => bn2.call(conv2.call(bn1.call(conv1.call(x)).relu())).relu() + shortcut.call(x)),
            "values", "before the addition");

    [Fact]
    public void A_projection_when_not_needed_fails_shortcut() =>
        AssertFails(Check(shortcut: (i, o, s) => nn.Sequential(nn.Conv2d(i, o, 1, stride: s, bias: false), nn.BatchNorm2d(o))),
            "shortcut", "parameters", "a projection where none is needed");

    [Fact]
    public void The_identity_where_the_shape_changes_fails_shortcut() =>
        AssertFails(Check(shortcut: (i, o, s) => nn.Identity()), "shortcut", "the identity where the shape changes");

    [Fact]
    public void Normalising_with_batch_statistics_in_eval_mode_fails_values_in_eval_mode()
    {
        // Train-mode BN in both modes: identical in training, but in eval mode it depends on the rest of the batch.
        static Tensor Bn(Tensor x, BatchNorm2d bn) => torch.nn.functional.batch_norm(x, bn.running_mean, bn.running_var, bn.weight, bn.bias, training: bn.training || true, momentum: 0);
        AssertFails(Check(forward: (x, conv1, bn1, conv2, bn2, shortcut) => (Bn(conv2.call(Bn(conv1.call(x), bn1).relu()), bn2) + shortcut.call(x)).relu()),
            "values", "eval mode");
    }
}
