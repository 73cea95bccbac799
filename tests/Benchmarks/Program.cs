using System.Diagnostics;
using NeuralNotebooks.Display;
using NeuralNotebooks.Runtime;
using TorchSharp;

// Time and HTML size of the tensor formatter for float32 tensors of 1e4, 1e6 and 1e8 elements, 1-D and 2-D.
// Each case: one warm-up, then the median of five runs.
TorchRuntime.EnsureLoaded();
torch.manual_seed(0);
Console.WriteLine($"threads {torch.get_num_threads()}");
Console.WriteLine($"{"shape",-16}{"median ms",10}{"max ms",10}{"HTML KB",10}");
foreach (var shape in new long[][] { [10_000], [100, 100], [1_000_000], [1000, 1000], [100_000_000], [10_000, 10_000] })
{
    using var tensor = torch.randn(shape);
    TensorSummary.Of(tensor).ToHtml();
    var times = new List<double>();
    int length = 0;
    for (int i = 0; i < 5; i++)
    {
        var watch = Stopwatch.StartNew();
        length = TensorSummary.Of(tensor).ToHtml().Length;
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    Console.WriteLine($"{"[" + string.Join(", ", shape) + "]",-16}{times[2],10:F0}{times[^1],10:F0}{length / 1024.0,10:F1}");
}
