using NeuralNotebooks.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Training;

public class TrainerOptionsTests
{
    [Theory]
    [InlineData("sgd", 0.5)]
    [InlineData("momentum", 0.1)]
    [InlineData("nesterov", 0.1)]
    [InlineData("adam", 0.02)]
    [InlineData("adamw", 0.02)]
    [InlineData("rmsprop", 0.01)]
    public void Every_named_optimizer_trains(string name, double lr)
    {
        using var data = TinyProblem.Blobs(32, seed: 1);
        var model = TinyProblem.Model(0);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), Optimizers.Create(name, model.parameters(), lr));
        var loss = trainer.Fit(TinyProblem.Loader(data, 8), epochs: 5).EpochSeries("loss", Split.Train);
        Assert.True(loss[^1].Value < loss[0].Value * 0.8, $"{name}: {loss[0].Value} -> {loss[^1].Value}");
    }

    [Fact]
    public void An_unknown_optimizer_names_the_allowed_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => Optimizers.Create("adagrad", TinyProblem.Model(0).parameters(), 0.1));
        Assert.Equal("Unknown optimizer 'adagrad'. Allowed: sgd, momentum, nesterov, adam, adamw, rmsprop.", e.Message);
    }

    [Fact]
    public void The_scheduler_is_stepped_once_per_epoch_and_the_history_shows_the_rate()
    {
        using var data = TinyProblem.Blobs(16, seed: 1);
        var model = TinyProblem.Model(0);
        var optimizer = optim.SGD(model.parameters(), 0.1);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optimizer,
            new TrainerOptions { Scheduler = optim.lr_scheduler.StepLR(optimizer, step_size: 1, gamma: 0.5) });
        var history = trainer.Fit(TinyProblem.Loader(data, 8), epochs: 3);
        var rates = history.StepSeries("lr").Select(s => Math.Round(s.Value, 6)).ToArray();
        Assert.Equal([0.1, 0.1, 0.05, 0.05, 0.025, 0.025], rates);
    }

    [Fact]
    public void Gradient_clipping_bounds_the_size_of_a_step()
    {
        using var data = TinyProblem.Blobs(16, seed: 1);
        var model = TinyProblem.Model(0);
        using var before = nn.utils.parameters_to_vector(model.parameters()).detach().clone();
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 1.0), new TrainerOptions { ClipGradNorm = 1e-3 });
        trainer.Fit(TinyProblem.Loader(data, 16), epochs: 1); // one step of plain SGD: ‖Δw‖ = lr · ‖clipped g‖
        using var after = nn.utils.parameters_to_vector(model.parameters()).detach();
        var moved = (after - before).norm().item<float>();

        // The same step unclipped, from the same weights: the gradient is far above the bound...
        var free = TinyProblem.Model(0);
        new Trainer(free, nn.CrossEntropyLoss(), optim.SGD(free.parameters(), 1.0)).Fit(TinyProblem.Loader(data, 16), epochs: 1);
        var movedFreely = (nn.utils.parameters_to_vector(free.parameters()).detach() - before).norm().item<float>();
        Assert.True(movedFreely > 0.01, $"unclipped step {movedFreely}: too small for the test to show clipping");
        // ...so clipping rescales it to norm 1e-3 exactly (torch adds 1e-6 to the norm it divides by).
        Assert.Equal(1e-3, moved, 1e-6);
    }

    sealed class Knob : nn.Module
    {
        public readonly Parameter value = nn.Parameter(torch.zeros(1));
        public Knob() : base(nameof(Knob)) => RegisterComponents();
    }

    [Fact]
    public void Early_stopping_puts_back_the_weights_of_the_best_epoch()
    {
        // Each step adds 1 to the knob; the validation loss |knob - 2| is best after epoch 2.
        var knob = new Knob();
        using var data = new NeuralNotebooks.Data.TensorDataset(torch.zeros(1, 1));
        var trainer = new Trainer(
            step: _ => { using (torch.no_grad()) knob.value.add_(1); return new Dictionary<string, double>(); },
            evaluate: _ => new Dictionary<string, double> { ["loss"] = Math.Abs(knob.value.item<float>() - 2) },
            modules: [knob],
            options: new TrainerOptions { EarlyStopping = new EarlyStopping("loss", Patience: 2) });
        var history = trainer.Fit(new NeuralNotebooks.Data.DataLoader(data, 1, device: CPU), new NeuralNotebooks.Data.DataLoader(data, 1, device: CPU), epochs: 10);
        Assert.Equal(TrainingOutcome.EarlyStopped, history.Outcome);
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(2f, knob.value.item<float>());
    }
}

public class PlateauSchedulerTests
{
    [Fact]
    public void Reduce_on_plateau_is_stepped_with_the_watched_loss()
    {
        using var data = TinyProblem.Blobs(16, seed: 1);
        var model = TinyProblem.Model(0);
        var optimizer = optim.SGD(model.parameters(), 0.0); // the loss never changes: a plateau from the start
        optimizer.ParamGroups.First().LearningRate = 1.0;   // ... but report a rate we can watch shrink
        var trainer = new Trainer(model, (output, target) => nn.functional.cross_entropy(output, target) * 0 + 1, optimizer,
            new TrainerOptions { Scheduler = optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor: 0.5, patience: 0) });
        var history = trainer.Fit(TinyProblem.Loader(data, 16), TinyProblem.Loader(data, 16, false), epochs: 3);
        // Epoch 1 sets the best loss; epoch 2 does not improve on it (patience 0), so epoch 3 runs at half the rate.
        Assert.Equal([1.0, 1.0, 0.5], history.StepSeries("lr").Select(s => Math.Round(s.Value, 6)).ToArray());
    }
}
