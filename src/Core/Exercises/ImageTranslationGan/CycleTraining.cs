using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;
using Translator = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>What one CycleGAN step measured (plain numbers, off the device).</summary>
public sealed record CycleStepResult(double Adversarial, double Cycle, double Identity, double DiscriminatorLoss);

/// <summary>
/// One CycleGAN training step on an unpaired batch: images <c>a</c> from domain A and <c>b</c> from domain B
/// that do not correspond. First both generators learn together (one optimizer over G and F), then both
/// discriminators on detached fakes (one optimizer over DA and DB), so each update touches only its own side.
/// </summary>
public static class CycleTraining
{
    #region CycleTraining
    public static CycleStepResult CycleStep(Translator g, Translator f, Translator dA, Translator dB, Tensor a, Tensor b,
        optim.Optimizer generatorOptimizer, optim.Optimizer discriminatorOptimizer,
        double cycleWeight = 10, double identityWeight = 5)
    {
        using var scope = NewDisposeScope();
        var (fakeB, fakeA, losses) = GeneratorStep(g, f, dA, dB, a, b, generatorOptimizer, cycleWeight, identityWeight);
        var dLoss = DiscriminatorStep(dA, dB, a, b, fakeA, fakeB, discriminatorOptimizer);
        return losses with { DiscriminatorLoss = dLoss };
    }

    // Generators: fool both discriminators (LSGAN), come back after a round trip (cycle, L1), and leave an
    // image that already has the target style alone (identity, L1). Its backward also fills the
    // discriminators' gradients; their optimizer zeroes them before its own backward and is not stepped here.
    public static (Tensor FakeB, Tensor FakeA, CycleStepResult Losses) GeneratorStep(Translator g, Translator f, Translator dA, Translator dB, Tensor a, Tensor b,
        optim.Optimizer generatorOptimizer, double cycleWeight, double identityWeight)
    {
        var fakeB = g.call(a);                                                   // A → B
        var fakeA = f.call(b);                                                   // B → A
        var adversarial = GanLosses.LeastSquaresGenerator(dB.call(fakeB))
                        + GanLosses.LeastSquaresGenerator(dA.call(fakeA));
        var cycle = nn.functional.l1_loss(f.call(fakeB), a)                     // a → G → F ≈ a
                  + nn.functional.l1_loss(g.call(fakeA), b);                    // b → F → G ≈ b
        var identity = nn.functional.l1_loss(g.call(b), b)                      // G leaves B images alone
                     + nn.functional.l1_loss(f.call(a), a);
        var loss = adversarial + cycleWeight * cycle + identityWeight * identity;
        generatorOptimizer.zero_grad();
        loss.backward();
        generatorOptimizer.step();
        return (fakeB, fakeA, new CycleStepResult(adversarial.item<float>(), cycle.item<float>(), identity.item<float>(), 0));
    }

    // Discriminators: real images of their domain → 1, the generators' fakes → 0. The fakes are detached, so
    // this backward cannot reach (or spend time on) the generators.
    public static double DiscriminatorStep(Translator dA, Translator dB, Tensor a, Tensor b, Tensor fakeA, Tensor fakeB,
        optim.Optimizer discriminatorOptimizer)
    {
        var loss = GanLosses.LeastSquaresDiscriminator(dA.call(a), dA.call(fakeA.detach()))
                 + GanLosses.LeastSquaresDiscriminator(dB.call(b), dB.call(fakeB.detach()));
        discriminatorOptimizer.zero_grad();
        loss.backward();
        discriminatorOptimizer.step();
        return loss.item<float>();
    }
    #endregion
}
