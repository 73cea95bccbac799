using TorchSharp;

namespace NeuralNotebooks.Training;

/// <summary>The state behind <see cref="EarlyStopping"/> for one run: best value so far, epochs without improvement, best weights.</summary>
sealed class EarlyStopper(EarlyStopping? rule, IReadOnlyList<torch.nn.Module> modules) : IDisposable
{
    double? best;
    int epochsWithoutImprovement;
    List<Dictionary<string, torch.Tensor>>? bestWeights;

    public bool ShouldStop(IReadOnlyDictionary<string, double> watched)
    {
        if (rule is null) return false;
        if (!watched.TryGetValue(rule.Metric, out var value))
            throw new InvalidOperationException(
                $"Early stopping watches '{rule.Metric}', but the epoch measured only: {string.Join(", ", watched.Keys)}. " +
                "Add it to TrainerOptions.Metrics (or return it from your evaluate step).");
        var improved = best is not double b
            || (rule.Goal == Goal.Minimize ? value < b - rule.MinDelta : value > b + rule.MinDelta);
        if (improved)
        {
            best = value;
            epochsWithoutImprovement = 0;
            if (rule.RestoreBest) KeepWeights();
            return false;
        }
        return ++epochsWithoutImprovement >= rule.Patience;
    }

    public void RestoreBest()
    {
        if (bestWeights is null) return;
        using var noGrad = torch.no_grad();
        for (var i = 0; i < modules.Count; i++) modules[i].load_state_dict(bestWeights[i]);
    }

    void KeepWeights()
    {
        Dispose();
        bestWeights = modules.Select(m => m.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope())).ToList();
    }

    public void Dispose()
    {
        if (bestWeights is null) return;
        foreach (var weights in bestWeights)
            foreach (var tensor in weights.Values) tensor.Dispose();
        bestWeights = null;
    }
}
