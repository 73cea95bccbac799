using TorchSharp;
using static TorchSharp.torch;
using LossFunction = System.Func<TorchSharp.torch.Tensor, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, double,
    TorchSharp.torch.Generator, (TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)>;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 07: the denoising autoencoder's corruption and loss, (clean, model, σ, generator) → (loss, noisy). Checks
/// shapes (batch 1 and others), that the loss's target is the clean image (a model returning its input must not get 0),
/// noise only on the input (the model sees the returned noisy batch; clean is left alone), the noisy batch clamped to
/// [0, 1] and equal to the reference's for the same generator state, values of the loss, the noise level (empirical std),
/// and gradients reaching every parameter of a tiny model.
/// </summary>
public sealed class DenoisingLossCheck : IExerciseCheck
{
    static readonly LossFunction Reference = (LossFunction)References.DenoisingLossReference.Functions()[0];

    const string GuideBug = "the loss compares the output with the noisy input — the guide fits its input to itself — so the best model is the identity and nothing is denoised: mse_loss(model(noisy), clean)";

    /// <summary>A model that records what it was given and returns it times a learnable scale (1 at first): the identity, observable.</summary>
    sealed class Probe : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Parameter scale;
        public Tensor? Seen { get; private set; }
        public Probe(ScalarType dtype) : base("Probe") { scale = nn.Parameter(torch.ones(1, dtype: dtype)); RegisterComponents(); }
        public override Tensor forward(Tensor x) { Seen = x.detach().clone(); return x * scale; }
    }

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var function = learner.Function<LossFunction>(0);
        (Tensor Loss, Tensor Noisy) Call(Tensor clean, nn.Module<Tensor, Tensor> model, double std, ulong generatorSeed) =>
            learner.Run(0, () => function(clean, model, std, new Generator(generatorSeed)));

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(kit, Call)),
            ("the target is the clean image", ["shapes"], () => CleanTarget(kit, Call)),
            ("noise only on the input", ["shapes"], () => NoiseOnInput(kit, Call)),
            ("clamped and reproducible", ["shapes"], () => Reproducible(kit, Call)),
            ("values", ["the target is the clean image", "clamped and reproducible"], () => Values(kit, Call)),
            ("noise level", ["shapes"], () => NoiseLevel(Call)),
            ("gradients reach the model", ["shapes"], () => Gradients(kit, Call)));
    }

    delegate (Tensor Loss, Tensor Noisy) Caller(Tensor clean, nn.Module<Tensor, Tensor> model, double std, ulong generatorSeed);

    static Tensor Images(CheckKit kit, ScalarType dtype, int batch) => kit.Rand(dtype, batch, 1, kit.Int(4, 8), kit.Int(4, 8));

    static PropertyResult Shapes(CheckKit kit, Caller call)
    {
        foreach (var batch in kit.Batches())
        {
            var clean = Images(kit, ScalarType.Float32, batch);
            var (loss, noisy) = call(clean, new Probe(ScalarType.Float32), 0.3, 1);
            if (loss is null || noisy is null || loss.numel() != 1 || !noisy.shape.SequenceEqual(clean.shape))
                return PropertyResult.Fail("shapes", $"clean {TensorDiff.Shape(clean)}: expected a scalar loss and a noisy batch {TensorDiff.Shape(clean)}, got {Shape(loss)} and {Shape(noisy)}.",
                    "the loss is one number (mse_loss averages over every pixel), and the noisy batch has the clean batch's shape: the noise is drawn with clean.shape.");
        }
        return PropertyResult.Pass("shapes", "a scalar loss and a noisy batch of the clean batch's shape, batch 1 and others.");
    }

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    static string Shape(Tensor? t) => t is null ? "null" : TensorDiff.Shape(t);

    /// <summary>With a model that returns its input, the loss against the clean target is mse(noisy, clean) > 0; against the noisy one, 0.</summary>
    static PropertyResult CleanTarget(CheckKit kit, Caller call)
    {
        var clean = Images(kit, ScalarType.Float64, 4);
        var (loss, noisy) = call(clean, new Probe(ScalarType.Float64), 0.3, 2);
        var expected = (noisy.detach() - clean).pow(2).mean().item<double>();
        var got = loss.item<double>();
        if (Math.Abs(got) < 1e-12 && expected > 1e-6)
            return PropertyResult.Fail("the target is the clean image", $"with a model that returns its input unchanged the loss is {got:G4}; against the clean image it is mse(noisy, clean) = {expected:G4}.", GuideBug + ".");
        if (Math.Abs(got - expected) > 1e-9 + 1e-7 * expected)
            return PropertyResult.Fail("the target is the clean image", $"with a model that returns its input unchanged the loss should be mse(noisy, clean) = {expected:G6}, got {got:G6}.",
                "the loss is the mean squared error between the model's output on the noisy batch and the clean batch: nn.functional.mse_loss(output, clean) (a mean, not a sum).");
        return PropertyResult.Pass("the target is the clean image", "a model returning its input gets loss mse(noisy, clean), not 0: the target is the clean image.");
    }

    static PropertyResult NoiseOnInput(CheckKit kit, Caller call)
    {
        var clean = Images(kit, ScalarType.Float64, 3);
        var before = clean.clone();
        var probe = new Probe(ScalarType.Float64);
        var (_, noisy) = call(clean, probe, 0.3, 3);
        if (!Same(clean, before))
            return PropertyResult.Fail("noise only on the input", "the clean batch was changed by your function (noise added in place?).",
                "build the noisy batch as a new tensor (clean + σ·noise), never add_ into clean: the clean batch is the target.");
        if (probe.Seen is null)
            return PropertyResult.Fail("noise only on the input", "the model was never called.", "run the model on the noisy batch: model.call(noisy).");
        if (TensorDiff.Compare("noise only on the input", "what the model was given, compared with the noisy batch you return", noisy.detach(), probe.Seen,
                "the model must be run on the noisy batch you return (the clean batch is only the target).") is { } failed)
            return failed;
        if ((probe.Seen - clean).abs().max().item<double>() < 1e-6)
            return PropertyResult.Fail("noise only on the input", "the model was given the clean batch.", "corrupt the input: the model sees clean + noise, clamped.");
        return PropertyResult.Pass("noise only on the input", "the model sees the noisy batch, and the clean batch is left unchanged.");
    }

    /// <summary>Clean pixels near 0 and 1 with σ = 0.5: the clamp matters; the same generator seed must give the reference's noisy batch.</summary>
    static PropertyResult Reproducible(CheckKit kit, Caller call)
    {
        var clean = (kit.Rand(ScalarType.Float64, 3, 1, 6, 5) > 0.5).to(ScalarType.Float64) * 0.9 + 0.05;
        var (_, noisy) = call(clean, new Probe(ScalarType.Float64), 0.5, 4);
        var (low, high) = (noisy.min().item<double>(), noisy.max().item<double>());
        if (low < 0 || high > 1)
            return PropertyResult.Fail("clamped and reproducible", $"the noisy batch has pixels in [{low:G4}, {high:G4}], outside [0, 1].",
                "clamp the noisy batch to the image range, (clean + σ·noise).clamp(0, 1): the model is trained and used on real images, whose pixels are in [0, 1].");
        var (_, again) = call(clean, new Probe(ScalarType.Float64), 0.5, 4);
        if (!Same(noisy, again))
            return PropertyResult.Fail("clamped and reproducible", "two calls with generators of the same seed gave different noisy batches.",
                "draw the noise from the given generator: torch.randn(clean.shape, dtype: clean.dtype, generator: generator), not from the global one.");
        var (_, expected) = Reference(clean, new Probe(ScalarType.Float64), 0.5, new Generator(4));
        if (TensorDiff.Compare("clamped and reproducible", "the noisy batch with the generator's seed 4, compared with the reference's", expected, noisy.detach(),
                "one draw of torch.randn(clean.shape, dtype: clean.dtype, generator: generator), times σ, added to clean, then clamp(0, 1).") is { } failed)
            return failed;
        return PropertyResult.Pass("clamped and reproducible", "the noisy batch stays in [0, 1], and the same generator seed gives the same batch, the reference's.");
    }

    static PropertyResult Values(CheckKit kit, Caller call)
    {
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            var clean = Images(kit, dtype, 3);
            var model = nn.Sequential(nn.Conv2d(1, 1, 3, padding: 1, dtype: dtype), nn.Sigmoid());
            var (loss, _) = call(clean, model, 0.2, 5);
            var (expected, _) = Reference(clean, model, 0.2, new Generator(5));
            if (TensorDiff.Compare("values", $"the loss ({dtype}, clean {TensorDiff.Shape(clean)}, σ 0.2, a conv + sigmoid model)", expected.detach(), loss.detach(),
                    "mse_loss(model(noisy), clean), the mean over every pixel.") is { } failed)
                return failed;
        }
        return PropertyResult.Pass("values", "the loss equals the reference's for the same generator seed, float64 and float32.");
    }

    /// <summary>A flat grey batch (0.5) and σ = 0.1: the clamp is 5σ away, so the noisy batch's spread is σ.</summary>
    static PropertyResult NoiseLevel(Caller call)
    {
        const double std = 0.1;
        var clean = torch.full(new long[] { 64, 1, 16, 16 }, 0.5, dtype: ScalarType.Float64);
        var (_, noisy) = call(clean, new Probe(ScalarType.Float64), std, 6);
        var (spread, mean) = ((noisy.detach() - clean).std().item<double>(), (noisy.detach() - clean).mean().item<double>());
        if (Math.Abs(spread - std) > 0.05 * std || Math.Abs(mean) > 0.05 * std)
            return PropertyResult.Fail("noise level", $"with σ = {std} on a grey batch the noise has mean {mean:G4} and std {spread:G4}; expected mean 0 and std {std} (±5 %).",
                "the noise is σ·N(0, 1): torch.randn (not rand, which is uniform in [0, 1)) times noiseStd, not divided by it or squared.");
        return PropertyResult.Pass("noise level", $"the noise has mean ≈ 0 and std ≈ σ ({spread:G4} for σ = {std}).");
    }

    static PropertyResult Gradients(CheckKit kit, Caller call)
    {
        var clean = Images(kit, ScalarType.Float32, 2);
        var model = nn.Sequential(nn.Conv2d(1, 2, 3, padding: 1), nn.Tanh(), nn.Conv2d(2, 1, 3, padding: 1));
        var (loss, _) = call(clean, model, 0.3, 7);
        if (!loss.requires_grad)
            return PropertyResult.Fail("gradients reach the model", "the loss does not depend on the model's parameters through autograd.",
                "compute the loss from model.call(noisy) with tensor operations; no detach(), .item() or no_grad around the model.");
        loss.backward();
        foreach (var (name, parameter) in model.named_parameters())
            if (parameter.grad is null || parameter.grad.abs().sum().item<float>() == 0)
                return PropertyResult.Fail("gradients reach the model", $"parameter '{name}' got no gradient.", "the loss must come from the model's output on the noisy batch; nothing detached.");
        return PropertyResult.Pass("gradients reach the model", "every parameter of a small conv net gets a gradient from the loss.");
    }
}
