using System.Xml.Linq;
using NeuralNotebooks.Runtime;
using static NeuralNotebooks.Tests.Display.XhtmlTestKit;

namespace NeuralNotebooks.Tests.Extension;

[Collection(KernelCollection.Name)]
public class MagicCommandTests : IDisposable
{
    readonly KernelTestKit kit = new();
    public void Dispose() => kit.Dispose();

    async Task AssertFailsThenKernelStillWorks(string magic, string message)
    {
        var failed = await kit.RunAsync(magic);
        Assert.Equal(message, failed.Error);
        Assert.Equal(2, (await kit.RunAsync("1 + 1")).ReturnValue);
    }

    [Fact]
    public async Task Seed_seeds_torch_so_cells_repeat()
    {
        var cell = await kit.RunAsync("#!seed 1234");
        Assert.Equal("Seeded torch, CUDA and System.Random with 1234.", cell.Text);
        Assert.Equal(1234, Seed.Current);
        var first = (await kit.RunAsync("#!seed 7\nTorchSharp.torch.rand(1).item<float>()")).Text;
        var second = (await kit.RunAsync("#!seed 7\nTorchSharp.torch.rand(1).item<float>()")).Text;
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task NEURALNOTEBOOKS_SEED_overrides_the_notebooks_seed_and_says_so()
    {
        // The runner's --seeds gives the kernel this variable; here the kernel is in-process, so set it here and put it back.
        var before = Environment.GetEnvironmentVariable(Seed.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(Seed.EnvironmentVariable, "2");
            var cell = await kit.RunAsync("#!seed 0");
            Assert.Equal("Seeded torch, CUDA and System.Random with 2 (NEURALNOTEBOOKS_SEED overrides #!seed 0).", cell.Text);
            Assert.Equal(2, Seed.Current);

            Environment.SetEnvironmentVariable(Seed.EnvironmentVariable, "two");
            await AssertFailsThenKernelStillWorks("#!seed 0",
                "NEURALNOTEBOOKS_SEED must be a whole number between -2147483648 and 2147483647 (e.g. NEURALNOTEBOOKS_SEED=2), or unset; got 'two'.");
        }
        finally { Environment.SetEnvironmentVariable(Seed.EnvironmentVariable, before); }
    }

    [Fact]
    public Task A_seed_that_is_not_a_number_is_refused() =>
        AssertFailsThenKernelStillWorks("#!seed abc", "#!seed needs a whole number between -2147483648 and 2147483647, e.g. #!seed 42; got 'abc'.");

    [Fact]
    public async Task Device_shows_the_runtime_and_can_choose_the_cpu()
    {
        var cell = await kit.RunAsync("#!device cpu");
        var html = Parse(cell.Html);
        Assert.Equal("cpu", Text(html, "data-field", "Device"));
        Assert.Equal("CPU chosen explicitly.", html.Descendants("p").Single().Value);
        Assert.Contains("TorchSharp", (await kit.RunAsync("#!device")).Text);
    }

    [Fact]
    public Task An_unknown_device_is_refused_with_the_choices() =>
        AssertFailsThenKernelStillWorks("#!device gpu", "Unknown device 'gpu'. Allowed: auto, cpu, cuda.");

    [Fact]
    public async Task Question_shows_the_card_in_both_languages_or_one()
    {
        var html = Parse((await kit.RunAsync("#!question 1")).Html);
        Assert.Equal("What is a neural network?", WithClass(html, "nn-title-en").Single().Value);
        Assert.Equal("什么是神经网络？", WithClass(html, "nn-title-zh").Single().Value);
        Assert.Equal("notebooks/questions/01-neural-network.ipynb", WithClass(html, "nn-notebook").Single().Element("code")!.Value);

        var english = Parse((await kit.RunAsync("#!question 1 --lang en")).Html);
        Assert.Empty(WithClass(english, "nn-title-zh"));
    }

    [Fact]
    public async Task Exercise_shows_an_exercise_card()
    {
        var html = Parse((await kit.RunAsync("#!exercise 8")).Html);
        Assert.Equal("exercise", (string)html.Attribute("data-kind")!);
        Assert.Equal("8", (string)html.Attribute("data-number")!);
    }

    [Fact]
    public Task A_question_number_out_of_range_is_refused() =>
        AssertFailsThenKernelStillWorks("#!question 21", "There is no question 21. Allowed: 1 to 20.");

    [Fact]
    public Task An_exercise_number_that_is_not_a_number_is_refused() =>
        AssertFailsThenKernelStillWorks("#!exercise two", "Expected a card number from 1 to 20; got 'two'.");

    [Fact]
    public Task An_unknown_language_is_refused() =>
        AssertFailsThenKernelStillWorks("#!question 3 --lang fr", "Unknown language 'fr'. Allowed: en, zh, both.");

    [Fact]
    public async Task Quiz_folds_the_answer_away()
    {
        var html = Parse((await kit.RunAsync("#!quiz")).Html);
        var details = WithClass(html, "nn-answer").Single();
        Assert.Equal("details", details.Name.LocalName);
        Assert.Equal("Answer", details.Element("summary")!.Value);
    }

    [Fact]
    public async Task An_unknown_quiz_topic_is_refused()
    {
        var failed = await kit.RunAsync("#!quiz --topic astrology");
        Assert.StartsWith("Unknown topic 'astrology'", failed.Error);
        Assert.Equal(2, (await kit.RunAsync("1 + 1")).ReturnValue);
    }

    const string Model = """
        using TorchSharp;
        var net = torch.nn.Sequential(("conv", torch.nn.Conv2d(3, 8, 3, padding: 1)), ("relu", torch.nn.ReLU()),
            ("flatten", torch.nn.Flatten()), ("fc", torch.nn.Linear(8 * 4 * 4, 10)));
        var notAModel = 42;
        """;

    [Fact]
    public async Task Summary_shows_the_layers_of_a_variable_with_output_shapes()
    {
        await kit.RunAsync(Model);
        var html = Parse((await kit.RunAsync("#!summary net --input 2,3,4,4")).Html);

        string Output(string layer) => Single(html, "data-layer", layer).Elements().Single(e => (string?)e.Attribute("data-column") == "output").Value;
        Assert.Equal("[2, 8, 4, 4]", Output("conv"));
        Assert.Equal("[2, 128]", Output("flatten"));
        Assert.Equal("[2, 10]", Output("fc"));
        Assert.Equal((3 * 8 * 9 + 8 + 128 * 10 + 10).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Text(html, "data-total", "Total parameters"));
    }

    [Fact]
    public Task Summary_of_an_unknown_variable_is_refused() =>
        AssertFailsThenKernelStillWorks("#!summary nothing", "There is no C# variable 'nothing'. No variable holds a torch.nn.Module yet.");

    [Fact]
    public async Task Summary_of_a_variable_that_is_not_a_module_is_refused()
    {
        await kit.RunAsync(Model);
        await AssertFailsThenKernelStillWorks("#!summary notAModel", "'notAModel' is a Int32, not a torch.nn.Module.");
    }

    [Fact]
    public async Task Summary_with_a_malformed_shape_is_refused()
    {
        await kit.RunAsync(Model);
        await AssertFailsThenKernelStillWorks("#!summary net --input 1,three", "Malformed input shape '1,three': expected positive whole numbers separated by commas, e.g. 1,3,32,32.");
    }

    [Fact]
    public async Task Summary_with_a_shape_the_model_cannot_take_says_so()
    {
        await kit.RunAsync(Model);
        var failed = await kit.RunAsync("#!summary net --input 1,5,4,4");
        Assert.StartsWith("The model rejected an input of shape [1, 5, 4, 4]:", failed.Error);
    }
}
