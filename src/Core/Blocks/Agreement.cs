using TorchSharp;

namespace NeuralNotebooks.Blocks;

/// <summary>One compared quantity: the largest absolute difference between ours and TorchSharp's.</summary>
public sealed record AgreementRow(string Quantity, double MaxAbsDifference);

/// <summary>
/// How closely a piece written from scratch agrees with TorchSharp's own implementation given the same
/// weights and inputs: one row per quantity (outputs, each gradient). Every from-scratch lesson reports
/// this one record, and its self-check asks <see cref="Within"/>.
/// </summary>
public sealed record Agreement(IReadOnlyList<AgreementRow> Rows)
{
    /// <summary>Compares pairs (name, ours, reference); the tensors are only read.</summary>
    public static Agreement Of(params (string Quantity, torch.Tensor Ours, torch.Tensor Reference)[] pairs) =>
        new(pairs.Select(p => new AgreementRow(p.Quantity, MaxAbsDifference(p.Ours, p.Reference))).ToArray());

    /// <summary>The largest |a − b| over all elements; throws when the shapes differ (that is a disagreement too).</summary>
    public static double MaxAbsDifference(torch.Tensor a, torch.Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
            throw new ArgumentException($"cannot compare shapes [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}].");
        using var _ = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return a.numel() == 0 ? 0 : (a.detach().cpu().to_type(torch.float64) - b.detach().cpu().to_type(torch.float64)).abs().max().item<double>();
    }

    /// <summary>The worst row's difference.</summary>
    public double Worst => Rows.Count == 0 ? 0 : Rows.Max(r => r.MaxAbsDifference);

    /// <summary>True when every quantity agrees within <paramref name="tolerance"/> (NaN never agrees).</summary>
    public bool Within(double tolerance) => Rows.All(r => r.MaxAbsDifference <= tolerance);

    /// <summary>This report plus another's rows (e.g. two cases of one layer).</summary>
    public Agreement And(Agreement other) => new(Rows.Concat(other.Rows).ToArray());

    public override string ToString() =>
        string.Join("\n", Rows.Select(r => $"{r.Quantity,-32} max |ours − TorchSharp| = {r.MaxAbsDifference:E2}"));
}
