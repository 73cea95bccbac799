using System.Text.RegularExpressions;

namespace NeuralNotebooks.Tests.Notebooks;

/// <summary>
/// The device rule for notebook code, checked statically so it also covers notebooks nobody runs on a GPU:
/// <b>every tensor passed to a model's call/forward, or to a Core function taking a model, is created on or moved to
/// the model's device</b> (<c>model.call(x.On(model))</c>, <c>x.to(device)</c>, or a factory given <c>device:</c>).
/// <para>
/// The check is a heuristic over each notebook's code cells, in order (variables carry across cells, as in the kernel):
/// <list type="number">
/// <item>A variable is "made on the CPU" when it is assigned from a tensor factory (<c>tensor(</c>, <c>zeros(</c>,
/// <c>randn(</c>, <c>arange(</c>, ...), from <c>.cpu()</c>, or from a data set's tensors (<c>.Inputs</c>, <c>.Targets</c>,
/// <c>.Tensors[i]</c>: data sets are kept on the CPU and moved batch by batch), with no <c>device:</c>, <c>.to(</c> or <c>.On(</c> in that
/// assignment; <c>.cpu()</c> counts only when it ends the value (<c>pack(x, lengths.cpu())</c> is not a CPU tensor), and a
/// number read off a tensor (<c>(int)t.shape[1]</c>, <c>.Count</c>, <c>.item&lt;T&gt;()</c>) is no tensor. Assigning it again with one of those clears it.</item>
/// <item>A model is "on the CPU" when it is built (<c>new X(</c>, <c>nn.X(</c>) with no <c>.to(</c>: CPU inputs suit it.
/// Every other model (built with <c>.to(device)</c>, or coming from a lesson result) is taken to be on the default device.</item>
/// <item>A model call is <c>m.call(...)</c>, <c>m.forward(...)</c>, or one of the Core helpers that take a model
/// (<c>.Greedy(</c>, <c>.Beam(</c>, <c>.Translate(</c>, <c>.ForwardWithAttention(</c>). An argument is flagged when it
/// contains a factory call or <c>.cpu()</c>, or starts with a variable made on the CPU, and does not contain
/// <c>device:</c>, <c>.to(</c> or <c>.On(</c>.</item>
/// </list>
/// It names the notebook, the cell index and the line. To silence a deliberate CPU call on a CPU model, build that
/// model without <c>.to(</c> in the same notebook.
/// </para>
/// </summary>
public class DevicePlacementRuleTests
{
    static readonly Regex Factory = new(@"(?<![\w.])(?:torch\.)?(?:tensor|zeros|ones|randn|rand|randint|arange|full|eye|linspace|from_array|as_tensor)\s*\(|\.cpu\(\)\s*;?\s*$|\.(?:Inputs|Targets)\b|\.Tensors\[");
    // A value that is a number (a size read off a tensor, a count, a cast) is no tensor, whatever it was read from.
    static readonly Regex Number = new(@"^\s*\((?:int|long|double|float)\)|\.shape\[[^\]]*\]\s*;?\s*$|\.Count\b|\.item<|\.To(?:Double|Single|Int64)\(");
    static readonly Regex Placed = new(@"\.to\(|\.On\(|\.cuda\(|\bdevice\s*:");
    static readonly Regex Assignment = new(@"^\s*(?:var\s+|[\w.<>\[\]?]+\s+)?(?<name>[A-Za-z_]\w*)\s*=(?![=>])(?<value>.*)$");
    static readonly Regex BuildsModel = new(@"^\s*(?:new\s+[A-Z]|(?:torch\.)?nn\.[A-Z]\w*\s*\()");
    static readonly Regex ModelCall = new(@"(?<model>[A-Za-z_][\w.]*(?:\[[^\]]*\])?)\.(?:call|forward|Greedy|Beam|Translate|ForwardWithAttention)\s*\(");

    public static TheoryData<string> Notebooks => new(
        Directory.EnumerateFiles(Path.Combine(TestHost.RepositoryRoot, "notebooks"), "*.ipynb", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Path.Combine(TestHost.RepositoryRoot, "notebooks"), p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    [Theory, MemberData(nameof(Notebooks))]
    public void Every_tensor_a_model_gets_is_on_the_models_device(string notebook)
    {
        var nb = NotebookFile.Read(Path.Combine(TestHost.RepositoryRoot, "notebooks", notebook));
        var flagged = Check(nb.Cells.Select(c => c.Kind == "code" ? c.Source : null).ToList());
        Assert.True(flagged.Count == 0, $"notebooks/{notebook}: a CPU tensor meets a model that may be on the GPU:\n" + string.Join("\n", flagged));
    }

    [Fact]
    public void The_rule_flags_a_cpu_tensor_fed_to_a_model_and_accepts_the_placed_forms()
    {
        var flagged = Check([
            "var model = new FashionCnn().to(Devices.Default);\nvar x = torch.zeros(1, 1, 28, 28);",
            "model.call(x);\nmodel.call(x.On(model));\nmodel.call(torch.zeros(1, 1, 28, 28, device: Devices.Default));",
            "var ids = tensor(new long[] { 1, 2 }).unsqueeze(0);\nresult.Model.Greedy(ids, 12);\nids = ids.to(Devices.Default);\nresult.Model.Greedy(ids, 12);",
            "var cpuOnly = nn.Linear(2, 2);\ncpuOnly.call(torch.ones(1, 2));\nmodel.call(sample.cpu());",
            "var clip = result.Test.Inputs[0];                  // (T, 1, S, S)\nresult.Model.call(clip.unsqueeze(0));",
            "var net = nn.Sequential(\n    nn.Linear(2, 2),\n    nn.ReLU()).to(device);\nnet.call(torch.zeros(1, 2));",
            // Not tensors, or not on the CPU: a size read off a data set, and a packed sequence whose lengths alone go to the CPU.
            "var maxLength = (int)data.Tensors[1].shape[1];\nmodel.Greedy(sources.to(device), maxLength);\nvar packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), true);\nlstm.call(packed);",
        ]);
        Assert.Equal([
            "cell 1, line 1: model.call(x);  [argument: x]",
            "cell 2, line 2: result.Model.Greedy(ids, 12);  [argument: ids]",
            "cell 3, line 3: model.call(sample.cpu());  [argument: sample.cpu()]",
            "cell 4, line 2: result.Model.call(clip.unsqueeze(0));  [argument: clip.unsqueeze(0)]",
            "cell 5, line 4: net.call(torch.zeros(1, 2));  [argument: torch.zeros(1, 2)]",
        ], flagged);
    }

    /// <summary>Flags as "cell N, line L: code  [argument: ...]"; null entries are non-code cells (they keep the numbering).</summary>
    static List<string> Check(IReadOnlyList<string?> cells)
    {
        var cpuTensors = new HashSet<string>();
        var cpuModels = new HashSet<string>();
        var flagged = new List<string>();
        for (var cell = 0; cell < cells.Count; cell++)
        {
            if (cells[cell] is not { } code) continue;
            var lines = code.Split('\n');
            for (var line = 0; line < lines.Length; line++)
            {
                var text = lines[line].Split("//")[0];
                foreach (Match call in ModelCall.Matches(text))
                {
                    if (cpuModels.Contains(Root(call.Groups["model"].Value))) continue;
                    foreach (var argument in Arguments(text, call.Index + call.Length))
                    {
                        var madeOnCpu = Factory.IsMatch(argument) || cpuTensors.Contains(Root(argument));
                        if (madeOnCpu && !Placed.IsMatch(argument))
                            flagged.Add($"cell {cell}, line {line + 1}: {lines[line].Trim()}  [argument: {argument}]");
                    }
                }
                if (Assignment.Match(text) is { Success: true } assigned)
                {
                    var (name, value) = (assigned.Groups["name"].Value, Statement(assigned.Groups["value"].Value, lines, line));
                    if (Factory.IsMatch(value) && !Placed.IsMatch(value) && !BuildsModel.IsMatch(value) && !Number.IsMatch(value)) cpuTensors.Add(name); else cpuTensors.Remove(name);
                    if (BuildsModel.IsMatch(value) && !Placed.IsMatch(value)) cpuModels.Add(name); else cpuModels.Remove(name);
                }
            }
        }
        return flagged;
    }

    /// <summary>An assigned value to the end of its statement, which may continue on later lines (a model built over several).</summary>
    static string Statement(string start, string[] lines, int line)
    {
        var value = start;
        for (var next = line + 1; next < lines.Length && !value.TrimEnd().EndsWith(';') && value.Count(c => c == '(') > value.Count(c => c == ')'); next++)
            value += " " + lines[next].Split("//")[0].Trim();
        return value;
    }

    /// <summary>The first identifier of an expression: <c>x</c> of <c>x.flip(0)</c>, <c>layers</c> of <c>layers[1]</c>.</summary>
    static string Root(string expression) => Regex.Match(expression.TrimStart('(', ' '), @"^[A-Za-z_]\w*").Value;

    /// <summary>The top-level, comma-separated arguments of the call whose '(' ends just before <paramref name="start"/> (on this line).</summary>
    static List<string> Arguments(string text, int start)
    {
        var arguments = new List<string>();
        int depth = 0, from = start;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}')
            {
                if (depth-- == 0) { arguments.Add(text[from..i].Trim()); break; }
            }
            else if (c == ',' && depth == 0) { arguments.Add(text[from..i].Trim()); from = i + 1; }
        }
        return arguments.Where(a => a.Length > 0 && a != "null").ToList();
    }
}
