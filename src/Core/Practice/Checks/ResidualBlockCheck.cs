using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using ShortcutFunction = System.Func<int, int, int, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>>;
using ForwardFunction = System.Func<TorchSharp.torch.Tensor, TorchSharp.Modules.Conv2d, TorchSharp.Modules.BatchNorm2d, TorchSharp.Modules.Conv2d,
    TorchSharp.Modules.BatchNorm2d, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, TorchSharp.torch.Tensor>;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 19: a ResNet basic block — the learner's shortcut choice and forward pass, inside a block the grader builds
/// (conv3×3 → BN → ReLU → conv3×3 → BN): the shortcut (identity without parameters when the shape is kept, a 1×1
/// conv + BN with the stride otherwise), shapes (stride 1 and 2, channel changes, batch 1), values against the reference
/// with the same weights (train and eval mode), gradients reach every parameter, eval mode is deterministic and
/// per-image, and a tiny net of two blocks overfits one batch.
/// </summary>
public sealed class ResidualBlockCheck : IExerciseCheck
{
    static readonly Delegate[] Reference = References.ResidualBlockReference.Functions();

    /// <summary>(in, out, stride): kept shape, more channels, stride 2, both.</summary>
    static readonly (int In, int Out, int Stride)[] Configurations = [(4, 4, 1), (4, 8, 1), (4, 4, 2), (3, 6, 2)];

    static string Name((int In, int Out, int Stride) c) => $"{c.In}→{c.Out} channels, stride {c.Stride}";

    /// <summary>The block as the grader builds it: its convolutions and BatchNorms, the learner's shortcut and forward pass.</summary>
    sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1, conv2;
        private readonly BatchNorm2d bn1, bn2;
        private readonly nn.Module<Tensor, Tensor> shortcut;
        private readonly Func<Block, Tensor, Tensor> run;

        public Block(int inChannels, int outChannels, int stride, nn.Module<Tensor, Tensor> shortcut, Func<Block, Tensor, Tensor> run) : base("ResidualBlock")
        {
            conv1 = nn.Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(outChannels);
            conv2 = nn.Conv2d(outChannels, outChannels, kernel_size: 3, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(outChannels);
            (this.shortcut, this.run) = (shortcut, run);
            RegisterComponents();
        }

        public (Conv2d, BatchNorm2d, Conv2d, BatchNorm2d, nn.Module<Tensor, Tensor>) Parts => (conv1, bn1, conv2, bn2, shortcut);
        public override Tensor forward(Tensor x) => run(this, x);

        /// <summary>
        /// Seeded weights, and BatchNorm scales, shifts and running statistics away from 1/0, so that a forgotten BN
        /// or batch statistics used in eval mode change the values.
        /// </summary>
        public Block Randomize(CheckKit kit)
        {
            using var noGrad = torch.no_grad();
            foreach (var (name, p) in named_parameters())
                p.copy_(p.dim() == 4 ? kit.Randn(ScalarType.Float32, p.shape) * Math.Sqrt(2.0 / (p.shape[1] * p.shape[2] * p.shape[3]))
                    : name.EndsWith("weight") ? kit.Rand(ScalarType.Float32, p.shape) + 0.5 : kit.Randn(ScalarType.Float32, p.shape) * 0.3);
            foreach (var (name, b) in named_buffers())
                if (name.EndsWith("running_mean")) b.copy_(kit.Randn(ScalarType.Float32, b.shape) * 0.3);
                else if (name.EndsWith("running_var")) b.copy_(kit.Rand(ScalarType.Float32, b.shape) + 0.5);
            return this;
        }
    }

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var shortcutFunction = learner.Function<ShortcutFunction>(0);
        var forwardFunction = learner.Function<ForwardFunction>(1);
        nn.Module<Tensor, Tensor> Shortcut(int i, int o, int s) => learner.Run(0, () => shortcutFunction(i, o, s));
        Block Make((int In, int Out, int Stride) c) => new Block(c.In, c.Out, c.Stride, Shortcut(c.In, c.Out, c.Stride), (block, x) =>
        {
            var (conv1, bn1, conv2, bn2, shortcut) = block.Parts;
            return learner.Run(1, () => forwardFunction(x, conv1, bn1, conv2, bn2, shortcut));
        }).Randomize(kit);
        // Built here, outside the properties' dispose scopes, because shapes and values share them.
        var cases = kit.Batches().SelectMany(batch => Configurations.Select(c =>
            (Block: Make(c), Configuration: c, X: kit.Randn(ScalarType.Float32, batch, c.In, kit.Int(5, 8), kit.Int(5, 8))))).ToArray();

        return CheckKit.InOrder(
            ("shortcut", [], () => ShortcutChoice(kit, Shortcut, learner)),
            ("shapes", [], () => Shapes(cases)),
            ("values", ["shortcut", "shapes"], () => Values(cases)),
            ("gradients reach every parameter", ["values"], () => Gradients(kit, Make)),
            ("eval mode", ["values"], () => EvalMode(kit, Make)),
            ("overfits one batch", ["values"], () => Overfit(kit, Make)));
    }

    static long[] Expected(Tensor x, int outChannels, int stride) => [x.shape[0], outChannels, (x.shape[2] - 1) / stride + 1, (x.shape[3] - 1) / stride + 1];

    static PropertyResult ShortcutChoice(CheckKit kit, Func<int, int, int, nn.Module<Tensor, Tensor>> make, Learner learner)
    {
        foreach (var c in Configurations)
        {
            var module = make(c.In, c.Out, c.Stride);
            if (module is null) return PropertyResult.Fail("shortcut", $"{Name(c)}: Shortcut returned null.", "return nn.Identity() when the shape is kept, a projection otherwise.");
            var x = kit.Randn(ScalarType.Float32, 2, c.In, 7, 6);
            var y = learner.Run(0, () => module.call(x));
            var parameters = module.parameters().ToArray();
            var count = parameters.Sum(p => p.numel());
            if (c.In == c.Out && c.Stride == 1)
            {
                if (count > 0)
                    return PropertyResult.Fail("shortcut", $"{Name(c)}: the shortcut has {count} parameters; with the shape kept it should be the identity, with none.",
                        "a projection where none is needed: x and F(x) already have the same shape, so x is added unchanged — no extra weights, and the identity path that carries the gradient stays clean.");
                if (!y.shape.SequenceEqual(x.shape) || !y.eq(x).all().item<bool>())
                    return PropertyResult.Fail("shortcut", $"{Name(c)}: the shortcut should return x unchanged.", "return nn.Identity().");
                continue;
            }
            var expected = Expected(x, c.Out, c.Stride);
            if (!y.shape.SequenceEqual(expected))
                return PropertyResult.Fail("shortcut", $"{Name(c)}: the shortcut of x {TensorDiff.Shape(x)} should give {TensorDiff.Shape(torch.empty(expected))} like F(x), got {TensorDiff.Shape(y)}.",
                    y.shape.SequenceEqual(x.shape)
                        ? "the identity where the shape changes: the guide's bug, adding the unchanged input to a branch of another shape. Project x: a 1×1 conv with the block's stride, then BatchNorm."
                        : "the projection is nn.Conv2d(in, out, kernel_size: 1, stride: stride, bias: false), then nn.BatchNorm2d(out).");
            var weight = parameters.FirstOrDefault(p => p.shape.SequenceEqual(new long[] { c.Out, c.In, 1, 1 }));
            var batchNorms = module.modules().OfType<BatchNorm2d>().Count();
            if (weight is null || batchNorms != 1 || count != c.Out * c.In + 2 * c.Out)
                return PropertyResult.Fail("shortcut", $"{Name(c)}: the projection should hold a 1×1 conv weight [{c.Out}, {c.In}, 1, 1] and one BatchNorm2d ({c.Out * c.In + 2 * c.Out} parameters); got {count} parameters and {batchNorms} BatchNorm2d.",
                    "nn.Conv2d(in, out, kernel_size: 1, stride: stride, bias: false) — no bias, BN's shift replaces it — then nn.BatchNorm2d(out), in an nn.Sequential.");
            // A fresh projection in training mode: BN(conv1×1(x)) with the batch's statistics, scale 1, shift 0.
            var z = F.conv2d(x, weight.detach(), strides: [c.Stride, c.Stride]);
            var mean = z.mean([0, 2, 3], keepdim: true);
            var variance = (z - mean).pow(2).mean([0, 2, 3], keepdim: true);
            if (TensorDiff.Compare("shortcut", $"the projection's output ({Name(c)}, fresh, training mode)", (z - mean) / (variance + 1e-5).sqrt(), y,
                    "the projection is the 1×1 conv with the block's stride, then the BatchNorm — nothing else (no ReLU, no pooling).") is { } failed)
                return failed;
        }
        return PropertyResult.Pass("shortcut", "the identity (no parameters) when the shape is kept; a 1×1 conv with the stride + BatchNorm when the channels or the stride change.");
    }

    static PropertyResult Shapes(IReadOnlyList<(Block Block, (int In, int Out, int Stride) C, Tensor X)> cases)
    {
        foreach (var (block, c, x) in cases)
        {
            Tensor y;
            try { y = block.call(x); }
            catch (LearnerCodeException e) when (e.InnerException is not NotImplementedException && e.Function == "BlockForward")
            {
                return PropertyResult.Fail("shapes", $"{Name(c)}, x {TensorDiff.Shape(x)}: your BlockForward threw {e.InnerException!.GetType().Name}: {e.Message.Split('\n')[0].Trim()}",
                    c.In != c.Out || c.Stride != 1
                        ? "here F(x) and x have different shapes: add shortcut(x), never x itself — the guide's bug, which adds the unchanged input to a branch of another shape, so the addition fails."
                        : "call the given modules in order: conv1, bn1, ReLU, conv2, bn2, + shortcut(x), ReLU.");
            }
            var expected = Expected(x, c.Out, c.Stride);
            if (y is null || !y.shape.SequenceEqual(expected))
                return PropertyResult.Fail("shapes", $"{Name(c)}, x {TensorDiff.Shape(x)}: the output should be {TensorDiff.Shape(torch.empty(expected))}, got {(y is null ? "null" : TensorDiff.Shape(y))}.",
                    "conv1 carries the stride, conv2 keeps the size, and the sum keeps F(x)'s shape.");
        }
        return PropertyResult.Pass("shapes", $"the output is (B, out, ⌈H/s⌉, ⌈W/s⌉) for batch sizes {string.Join(", ", cases.Select(c => c.X.shape[0]).Distinct())}, stride 1 and 2, kept and changed channels.");
    }

    static PropertyResult Values(IReadOnlyList<(Block Block, (int In, int Out, int Stride) C, Tensor X)> cases)
    {
        foreach (var training in new[] { true, false })
            foreach (var (block, c, x) in cases)
            {
                block.train(training);
                var (conv1, bn1, conv2, bn2, shortcut) = block.Parts;
                var expected = ((ForwardFunction)Reference[1])(x, conv1, bn1, conv2, bn2, shortcut);
                var got = block.call(x);
                if (TensorDiff.Compare("values", $"the block's output ({Name(c)}, batch {x.shape[0]}, {(training ? "training" : "eval")} mode)", expected, got, Cause(block, x, got)) is { } failed)
                    return failed;
            }
        return PropertyResult.Pass("values", "the output matches the reference with the same weights, in training and in eval mode, for every stride and channel change.");
    }

    /// <summary>The usual mistakes, each computed with the block's own modules and compared.</summary>
    static string Cause(Block block, Tensor x, Tensor got)
    {
        var (conv1, bn1, conv2, bn2, shortcut) = block.Parts;
        var tolerance = Tolerance.For(x.dtype);
        bool Is(Tensor wrong) => got.shape.SequenceEqual(wrong.shape) && got.detach().allclose(wrong, tolerance.Relative, tolerance.Absolute);
        var branch = bn2.call(conv2.call(bn1.call(conv1.call(x)).relu()));
        var skip = shortcut.call(x);
        if (Is(branch.relu()))
            return "the shortcut is not added: without F(x) + shortcut(x) this is a plain block, and deep plain nets train worse (degradation).";
        if (Is(branch.relu() + skip) || Is(branch.relu() + skip.relu()))
            return "the ReLU is applied to the branch before the addition and not after it (or the shortcut is added after the final ReLU): the block is relu(F(x) + shortcut(x)), and F ends with BN, not ReLU — the guide puts a ReLU at the branch's end.";
        if (Is((bn2.call(conv2.call(bn1.call(conv1.call(x)))) + skip).relu()))
            return "the ReLU between the two convolutions is missing: conv1 → bn1 → ReLU → conv2 → bn2.";
        if (Is((conv2.call(conv1.call(x).relu()) + skip).relu()))
            return "the BatchNorms are skipped: each convolution is followed by its BN (bn1 after conv1, bn2 after conv2).";
        return "the block is relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)): call the given modules, in this order.";
    }

    static PropertyResult Gradients(CheckKit kit, Func<(int, int, int), Block> make)
    {
        var block = make((3, 6, 2));
        var x = kit.Randn(ScalarType.Float32, 3, 3, 6, 7);
        var y = block.call(x);
        if (!y.requires_grad)
            return PropertyResult.Fail("gradients reach every parameter", "the block's output does not depend on its parameters through autograd.",
                "call the given modules (conv1.call(x), …); .detach() or no_grad inside the block cut the graph.");
        (y * kit.Randn(ScalarType.Float32, y.shape)).sum().backward();
        foreach (var (name, p) in block.named_parameters())
            if (p.grad is null || p.grad.abs().max().item<float>() == 0)
                return PropertyResult.Fail("gradients reach every parameter", $"{name} gets no gradient from the block's output.",
                    name.StartsWith("shortcut") ? "the shortcut's output is not in the sum: add shortcut(x), not x or nothing." : "every given module must be on the path from x to the output.");
        return PropertyResult.Pass("gradients reach every parameter", "every weight of both convolutions, both BatchNorms and the projection gets a gradient.");
    }

    static PropertyResult EvalMode(CheckKit kit, Func<(int, int, int), Block> make)
    {
        var block = make((4, 8, 2));
        block.eval();
        var x = kit.Randn(ScalarType.Float32, 5, 4, 6, 6);
        var first = block.call(x);
        var second = block.call(x);
        if (TensorDiff.Compare("eval mode", "the same batch twice in eval mode", first, second,
                "in eval mode nothing may change between calls: use the given BatchNorm modules, which then use their running statistics.") is { } twice)
            return twice;
        var alone = block.call(x[..1]);
        if (TensorDiff.Compare("eval mode", "image 0 alone vs image 0 within a batch of 5, in eval mode", first[..1], alone,
                "in eval mode BatchNorm normalises with its running statistics, so an image's output does not depend on the rest of the batch: call bn1 and bn2 rather than normalising with the batch's own mean and variance, and don't switch their mode.") is { } batchDependent)
            return batchDependent;
        return PropertyResult.Pass("eval mode", "in eval mode the output is the same twice and does not depend on the other images in the batch.");
    }

    static PropertyResult Overfit(CheckKit kit, Func<(int, int, int), Block> make)
    {
        const int steps = 60;
        const double lr = 0.02, goal = 0.1;
        var head = nn.Linear(8, 3);
        using (torch.no_grad())
        {
            head.weight!.copy_(kit.Randn(ScalarType.Float32, 3, 8) * 0.3);
            head.bias!.zero_();
        }
        var net = nn.Sequential(make((1, 4, 1)), make((4, 8, 2)), nn.AdaptiveAvgPool2d(1), nn.Flatten(), head);
        var x = kit.Randn(ScalarType.Float32, 8, 1, 8, 8);
        var labels = kit.RandInt(3, 8);
        var optimizer = torch.optim.Adam(net.parameters(), lr);
        double start = double.NaN, end = double.NaN;
        for (int step = 0; step <= steps; step++)
        {
            optimizer.zero_grad();
            var loss = F.cross_entropy(net.call(x), labels);
            if (step == 0) start = loss.item<float>();
            if (step == steps) { end = loss.item<float>(); break; }
            loss.backward();
            optimizer.step();
        }
        if (!(end < goal))
            return PropertyResult.Fail("overfits one batch", $"{steps} Adam steps (lr {lr}) on a net of two of your blocks took the loss of one batch of 8 from {start:F3} to {end:F3}; expected below {goal}.",
                "the gradient does not flow well through the block: is the shortcut added before the final ReLU?");
        return PropertyResult.Pass("overfits one batch", $"{steps} Adam steps on a net of two of your blocks took the loss of one batch of 8 from {start:F3} to {end:F4}.");
    }
}
