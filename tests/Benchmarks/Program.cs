using System.Globalization;
using System.Text;
using NeuralNotebooks.Benchmarks;
using NeuralNotebooks.Runner;
using NeuralNotebooks.Runtime;
using TorchSharp;

// NeuralNotebooks benchmarks: one command, one results table (artifacts/bench/results.md).
//   dotnet run -c Release --project tests/Benchmarks [-- --smoke] [--skip-course] [--out FILE]
// --smoke runs every section with tiny sizes, the course with the setup notebook only and seeds 0 and 1 (the test
// suite does this so the code cannot rot). The full run runs the course with seeds 0, 1 and 2 and reports each
// notebook's headline spread. --skip-course leaves out the runner over all notebooks.
// --only cnn-inference runs just the CNN inference comparison (TorchSharp unfused and BatchNorm-folded, PyTorch,
// op by op), for measuring it alone on a quiet machine.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
bool smoke = args.Contains("--smoke"), skipCourse = args.Contains("--skip-course");
var repository = FindRepository();
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
if (only is not null && only != "cnn-inference") { Console.Error.WriteLine($"--only {only}: unknown section (allowed: cnn-inference)"); return 2; }
var outFile = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine(repository, "artifacts", "bench", "results.md");

TorchRuntime.EnsureLoaded();
torch.manual_seed(0);
int threads = torch.get_num_threads();
var md = new StringBuilder();
var runtime = RuntimeDescription.Current();
md.AppendLine("# NeuralNotebooks benchmark results").AppendLine();
md.AppendLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Cpu()} · {Environment.ProcessorCount} cores · TorchSharp {runtime.TorchSharpVersion} (libtorch {runtime.LibTorchVersion}) · {threads} threads · {(smoke ? "SMOKE (tiny sizes, numbers meaningless)" : "full run")}").AppendLine();

var sizes = smoke
    ? new Dictionary<string, ModelSize> { ["mlp"] = new(8, 0, 3), ["cnn"] = new(4, 0, 3), ["lstm"] = new(4, 12, 3), ["transformer"] = new(4, 12, 3), ["gpt"] = new(4, 12, 3) }
    : new Dictionary<string, ModelSize> { ["mlp"] = new(128, 0, 200), ["cnn"] = new(64, 0, 30), ["lstm"] = new(32, 50, 60), ["transformer"] = new(32, 64, 30), ["gpt"] = new(32, 64, 20) };
int warmup = smoke ? 1 : 5, rounds = smoke ? 1 : 3, overheadPairs = smoke ? 1 : 3;

// 1 and 2: TorchSharp vs PyTorch, and our Trainer vs a bare loop. Rounds alternate the two runtimes; medians of round medians.
Console.WriteLine("models: TorchSharp vs PyTorch, and Trainer overhead");
var pytorchMissing = PyTorchSide.Unavailable();
if (only == "cnn-inference")
{
    CnnInferenceSection();
    return Finish();
}
var ours = sizes.Keys.ToDictionary(k => k, _ => new List<(Timing Train, Timing Infer, List<(Timing Loop, StepTimer.TrainerRun Trainer)> Pairs)>());
var theirs = sizes.Keys.ToDictionary(k => k, _ => new List<(Timing Train, Timing Infer)>());
Timing? pytorchMatmul = null;
string pytorchVersion = "", pytorchBlas = "";
StepTimer.WarmUp();
for (int round = 0; round < rounds; round++)
{
    foreach (var (name, size) in sizes)
    {
        torch.manual_seed(0);
        using var m = ModelSteps.Build(name, size);
        var (train, infer) = StepTimer.Bare(m, warmup, size.Iterations);
        using var data = StepTimer.RepeatedBatch(m, warmup + size.Iterations);
        // This machine's speed drifts by ±5–10 % over seconds, as much as the overhead we look for, so the two
        // loops run in several back-to-back pairs, alternating which goes first; each pair gives one ratio.
        var pairs = new List<(Timing Loop, StepTimer.TrainerRun Trainer)>();
        for (int pair = 0; pair < overheadPairs; pair++)
        {
            if ((round + pair) % 2 == 0) { var l = StepTimer.HandWrittenLoop(m, data, warmup); pairs.Add((l, StepTimer.ThroughTrainer(m, data, warmup))); }
            else { var t = StepTimer.ThroughTrainer(m, data, warmup); pairs.Add((StepTimer.HandWrittenLoop(m, data, warmup), t)); }
        }
        ours[name].Add((train, infer, pairs));
        var (loop, trainer) = pairs[^1];
        Console.WriteLine($"  round {round + 1} {name}: TorchSharp train {train.MedianMs:F2} ms, infer {infer.MedianMs:F2} ms; loop {loop.MedianMs:F2} ms, Trainer {trainer.Steps.MedianMs:F2} ms + redraws {100 * trainer.RedrawShare:F1}%");
    }
    if (pytorchMissing is null)
    {
        var py = PyTorchSide.Measure(sizes, threads, warmup, matmulIterations: round == 0 ? (smoke ? 2 : 30) : 0);
        pytorchVersion = py.Version;
        pytorchBlas = py.BlasCore;
        pytorchMatmul ??= py.Matmul;
        foreach (var (name, t) in py.Models) { theirs[name].Add(t); Console.WriteLine($"  round {round + 1} {name}: PyTorch train {t.Train.MedianMs:F2} ms, infer {t.Infer.MedianMs:F2} ms"); }
    }
}
static double Med(IEnumerable<double> xs) { var s = xs.Order().ToArray(); return s[s.Length / 2]; }

md.AppendLine("## TorchSharp vs PyTorch (ms per step, median of round medians; spread = 10th–90th percentile of the last round)").AppendLine();
md.AppendLine(pytorchMissing is null
    ? $"PyTorch {pytorchVersion} (Debian python3-torch; {pytorchBlas}), {threads} threads, float32, Adam, same architecture and batch. ratio = TorchSharp / PyTorch (below 1: TorchSharp faster)."
    : $"PyTorch not measured: {pytorchMissing}.");
md.AppendLine().AppendLine("| model | batch | step | TorchSharp ms | spread | PyTorch ms | spread | ratio |").AppendLine("|---|---|---|---|---|---|---|---|");
var ratios = new List<(string, string, double)>();
foreach (var (name, size) in sizes)
{
    foreach (var step in new[] { "train", "infer" })
    {
        var mine = Med(ours[name].Select(t => step == "train" ? t.Train.MedianMs : t.Infer.MedianMs));
        var mineSpread = (step == "train" ? ours[name][^1].Train : ours[name][^1].Infer).Spread;
        if (theirs[name].Count > 0)
        {
            var other = Med(theirs[name].Select(t => step == "train" ? t.Train.MedianMs : t.Infer.MedianMs));
            var otherSpread = (step == "train" ? theirs[name][^1].Train : theirs[name][^1].Infer).Spread;
            ratios.Add((name, step, mine / other));
            md.AppendLine($"| {name} | {size.Batch}{(size.Length > 0 ? $"×{size.Length}" : "")} | {step} | {mine:F2} | {mineSpread} | {other:F2} | {otherSpread} | {mine / other:F2} |");
        }
        else md.AppendLine($"| {name} | {size.Batch} | {step} | {mine:F2} | {mineSpread} | – | – | – |");
    }
}

md.AppendLine().AppendLine("## Our overhead: Trainer + DataLoader + dashboard rendering vs a hand-written loop (train step, ms)").AppendLine();
md.AppendLine("Both loops train on the same dataset (the batch repeated once per step), shuffled, gathering each batch's rows and reading the loss every step; " +
              "the Trainer adds its history and observers, and redraws the dashboard every 0.75 s. They run in back-to-back pairs " +
              $"({overheadPairs} per round, alternating which goes first); each pair gives the ratio of the per-step medians. " +
              "Redraws, rare and long, are counted as their share of the run's wall time. Overhead = median step ratio − 1 + redraw share; " +
              "the range is the middle half of the pairs' step ratios, i.e. the machine's noise.").AppendLine();
md.AppendLine("| model | hand-written loop | through Trainer | step overhead (middle half) | dashboard redraws | overhead |").AppendLine("|---|---|---|---|---|---|");
foreach (var name in sizes.Keys)
{
    var all = ours[name].SelectMany(r => r.Pairs).ToArray();
    var stepRatios = all.Select(p => p.Trainer.Steps.MedianMs / p.Loop.MedianMs - 1).Order().ToArray();
    double q1 = stepRatios[(stepRatios.Length - 1) / 4], q3 = stepRatios[3 * (stepRatios.Length - 1) / 4];
    double step = Med(stepRatios), redraws = Med(all.Select(p => p.Trainer.RedrawShare));
    md.AppendLine($"| {name} | {Med(all.Select(p => p.Loop.MedianMs)):F2} | {Med(all.Select(p => p.Trainer.Steps.MedianMs)):F2} | " +
                  $"{100 * step:+0.0;-0.0}% ({100 * q1:+0.0;-0.0} to {100 * q3:+0.0;-0.0}) | {100 * redraws:+0.0}% | {100 * (step + redraws):+0.0;-0.0}% |");
}

CnnInferenceSection();

// 3: peak compute.
Console.WriteLine("matmul peak");
var peak = MatmulPeak.Run(1024, smoke ? 2 : 30);
md.AppendLine().AppendLine("## Peak compute: 1024×1024 float32 matmul").AppendLine();
md.AppendLine($"- TorchSharp: {peak.GFlops:F0} GFLOP/s (median {peak.Timing.MedianMs:F2} ms, {peak.Threads} threads)");
if (pytorchMatmul is not null)
    md.AppendLine($"- PyTorch: {2.0 * 1024 * 1024 * 1024 / (pytorchMatmul.MedianMs / 1000) / 1e9:F0} GFLOP/s (median {pytorchMatmul.MedianMs:F2} ms)");
md.AppendLine($"- Theoretical peak at {peak.ClockGHz:F2} GHz × {peak.Threads} cores: {peak.PeakAvx2:F0} GFLOP/s with AVX2 FMA (2 FMA units × 8 float lanes × 2 flops = 32 flops/cycle/core)" +
              (peak.Avx512 ? $", {peak.PeakAvx512:F0} GFLOP/s if AVX-512 FMA is used (64 flops/cycle/core; this CPU advertises avx512f)" : "") + ".");

// 5: formatter.
Console.WriteLine("formatter");
var formatter = FormatterCost.Run(smoke ? [[10_000]] : [[10_000], [1_000_000], [100_000_000], [10_000, 10_000]], smoke ? 1 : 5);
md.AppendLine().AppendLine("## Tensor formatter (HTML view, float32)").AppendLine();
md.AppendLine("| shape | elements | median ms | spread | HTML KB |").AppendLine("|---|---|---|---|---|");
foreach (var f in formatter) md.AppendLine($"| {f.Shape} | {f.Elements:N0} | {f.Timing.MedianMs:F0} | {f.Timing.Spread} | {f.HtmlBytes / 1024.0:F1} |");

// 6: memory.
Console.WriteLine("memory");
md.AppendLine().AppendLine("## Memory over a training run (after each epoch)").AppendLine();
md.AppendLine("| model | epochs | RSS after epoch 1 | RSS at the end | RSS growth | live tensors after epoch 1 → end |").AppendLine("|---|---|---|---|---|---|");
foreach (var model in new[] { "cnn", "transformer" })
{
    var r = MemoryFlatness.Run(model, smoke ? 2 : 20, smoke ? 64 : 512);
    md.AppendLine($"| {model} | {r.Epochs} | {r.PerEpoch[0].RssBytes / 1048576.0:F0} MB | {r.PerEpoch[^1].RssBytes / 1048576.0:F0} MB | {r.RssGrowthPercent:+0.0;-0.0}% | {r.PerEpoch[0].LiveTensors} → {r.PerEpoch[^1].LiveTensors} |");
}

// 4: the course, once per seed (the runner's --seeds): time, and each notebook's headline spread over the seeds.
if (!skipCourse)
{
    Console.WriteLine("course (runner, quick mode, seeds)");
    // Smoke: one tiny notebook, two seeds (the spread table is exercised, not the course).
    int[] seeds = smoke ? [0, 1] : [0, 1, 2];
    var notebooks = NotebookFiles.Find([Path.Combine(repository, "notebooks", smoke ? "00-setup.ipynb" : "")]);
    var course = await CourseTime.RunAsync(repository, notebooks, seeds);
    md.AppendLine().AppendLine("## The course: runner wall time, quick mode").AppendLine();
    md.AppendLine($"Fixed cost of a notebook (fresh kernel + `#r \"nuget: NeuralNotebooks\"`): {course.FixedCost.TotalSeconds:F1} s. " +
                  $"All {course.Notebooks.Count} notebooks × {seeds.Length} seeds: {course.Total.TotalSeconds:F0} s; seconds below are seed {seeds[0]}'s ({course.Notebooks.Count(n => n.Passed)} passed).").AppendLine();
    md.AppendLine("| notebook | seconds | result |").AppendLine("|---|---|---|");
    foreach (var n in course.Notebooks) md.AppendLine($"| {Path.GetRelativePath(Path.Combine(repository, "notebooks"), n.Notebook)} | {n.Elapsed.TotalSeconds:F1} | {(n.Passed ? "passed" : "FAILED: " + n.Error)} |");
    // The spread table under its own heading: the runner's table without its title line.
    var rows = course.Spread.Select(r => r with { Notebook = Path.GetRelativePath(Path.Combine(repository, "notebooks"), r.Notebook) }).ToList();
    var spread = SeedSweep.Markdown(seeds, rows).Split('\n', 2)[1];
    md.AppendLine().AppendLine($"## Headline spread over seeds {string.Join(", ", seeds)} (quick mode)").AppendLine(spread.TrimEnd()).AppendLine();
}

return Finish();

int Finish()
{
    Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
    File.WriteAllText(outFile, md.ToString());
    Console.WriteLine(md.ToString());
    Console.WriteLine($"written to {outFile}");
    return 0;
}

// CNN inference three ways (issue 20): TorchSharp unfused and BatchNorm-folded, PyTorch unfused as users run it (and
// folded, as an extra), each under no_grad and inference_mode, interleaved block by block; then the op-by-op profile.
void CnnInferenceSection()
{
    Console.WriteLine("CNN inference: unfused, fused, PyTorch (interleaved)");
    int batch = sizes["cnn"].Batch, blockRounds = smoke ? 2 : 40, calls = smoke ? 2 : 10, iterations = smoke ? 3 : 50;
    using var server = pytorchMissing is null ? new PyTorchCnnServer(batch, threads) : null;
    var r = CnnInference.Measure(batch, blockRounds, calls, server);
    foreach (var (name, t) in r.TorchSharp)
        Console.WriteLine($"  TorchSharp {name}: {t.MedianMs:F2} ms" + (r.PyTorch.TryGetValue(name, out var p) ? $"; PyTorch {p.MedianMs:F2} ms; ratio per round median {Med(r.RoundRatios[name]):F2}" : ""));
    md.AppendLine().AppendLine($"## CNN inference: BatchNorm folded or not (FashionCnn width 32, batch {batch}, ms per forward)").AppendLine();
    md.AppendLine("Fused = `BatchNormFolding.Fold(model)` (every conv→BatchNorm pair folded into one convolution, Dropout removed); " +
                  "PyTorch's fused copy uses its own `fuse_conv_bn_eval`. The two runtimes are interleaved: PyTorch runs in a process kept on call, " +
                  $"and each of {blockRounds} rounds times every variant of both in a block of {calls} calls (after one untimed), in an order that rotates each round. " +
                  "ms = median of all calls; ratio = per round, this variant's block median / PyTorch unfused no_grad's block median of the same round (as users run it), " +
                  "median over rounds with the middle half of the rounds in brackets (the machine's noise). " +
                  $"Largest |fused − unfused| output difference: {r.MaxFoldError:E1}. TorchSharp 0.107 exposes no channels-last memory format, so that lever is not measured.").AppendLine();
    md.AppendLine("| variant | TorchSharp ms | spread | PyTorch ms | spread | ratio (middle half) |").AppendLine("|---|---|---|---|---|---|");
    foreach (var name in CnnInference.VariantNames)
    {
        var ts = r.TorchSharp[name];
        var py = r.PyTorch.GetValueOrDefault(name);
        var ratios = r.RoundRatios[name].Order().ToArray();
        var ratio = ratios.Length == 0 ? "–" : $"{Med(ratios):F2} ({ratios[(ratios.Length - 1) / 4]:F2}–{ratios[3 * (ratios.Length - 1) / 4]:F2})";
        md.AppendLine($"| {name} | {ts.MedianMs:F2} | {ts.Spread} | {(py is null ? "–" : $"{py.MedianMs:F2}")} | {(py is null ? "–" : py.Spread)} | {ratio} |");
    }
    var ourOps = CnnInference.Ops(batch, warmup, iterations);
    var theirOps = pytorchMissing is null ? PyTorchSide.MeasureCnnOps(batch, threads, warmup, iterations) : null;
    md.AppendLine().AppendLine("Op by op (each op of the unfused forward alone at its real shape, no_grad, median ms; the fused model drops the batch_norm rows):").AppendLine();
    md.AppendLine("| op | TorchSharp ms | PyTorch ms | difference ms |").AppendLine("|---|---|---|---|");
    double sumMine = 0, sumTheirs = 0;
    foreach (var (op, t) in ourOps)
    {
        sumMine += t.MedianMs;
        if (theirOps is not null && theirOps.TryGetValue(op, out var p)) { sumTheirs += p.MedianMs; md.AppendLine($"| {op} | {t.MedianMs:F3} | {p.MedianMs:F3} | {t.MedianMs - p.MedianMs:+0.000;-0.000} |"); }
        else md.AppendLine($"| {op} | {t.MedianMs:F3} | – | – |");
    }
    md.AppendLine($"| **sum** | {sumMine:F2} | {(theirOps is null ? "–" : $"{sumTheirs:F2}")} | {(theirOps is null ? "–" : $"{sumMine - sumTheirs:+0.00;-0.00}")} |");
}

static string FindRepository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "NeuralNotebooks.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}

static string Cpu()
{
    try { return File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("model name")).Split(':')[1].Trim(); }
    catch (Exception) { return "unknown CPU"; }
}
