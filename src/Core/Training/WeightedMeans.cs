namespace NeuralNotebooks.Training;

/// <summary>Running means of named values, each weighted by its batch size, so epoch means are exact per example.</summary>
sealed class WeightedMeans
{
    readonly Dictionary<string, (double Sum, double Weight)> totals = [];
    readonly List<string> order = [];

    public void Add(IReadOnlyDictionary<string, double> values, double weight)
    {
        foreach (var (name, value) in values)
        {
            if (!totals.TryGetValue(name, out var t)) { t = (0, 0); order.Add(name); }
            totals[name] = (t.Sum + value * weight, t.Weight + weight);
        }
    }

    public IReadOnlyDictionary<string, double> Means() =>
        order.ToDictionary(name => name, name => totals[name].Sum / totals[name].Weight);
}
