using NeuralNotebooks.Data;
using NeuralNotebooks.Data.Synthetic;
using NeuralNotebooks.Exercises;
using NeuralNotebooks.Exercises.AttentionSeq2Seq;
using NeuralNotebooks.Exercises.CnnClassifier;
using NeuralNotebooks.Exercises.Gan;
using NeuralNotebooks.Exercises.NerTagger;
using NeuralNotebooks.Exercises.RnnClassifier;
using NeuralNotebooks.Exercises.TinyGpt;
using NeuralNotebooks.Blocks;
using NeuralNotebooks.Exercises.TransformerTranslation;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Runtime;

/// <summary>
/// Catches "a CPU tensor meets a GPU model" without a GPU. The model is moved to TorchSharp's <c>meta</c> device
/// (tensors with shapes but no memory), the Core function is called with CPU inputs as a notebook would, and every
/// tensor arriving at any tensor-to-tensor submodule (embedding, linear, convolution, norm, ...) must be on meta: a
/// CPU tensor there is the bug that fails on CUDA.
/// <para>
/// Why not simply wait for libtorch's device-mismatch error: measured here, libtorch (C++, as TorchSharp uses it)
/// does not raise one for meta. A CPU input meeting meta weights is dispatched to meta and either "works" (linear) or
/// fails as a missing meta kernel (relu, embedding, convolution: PyTorch registers most meta kernels from Python,
/// which TorchSharp does not have). So the check is at the door of each submodule, through forward pre-hooks, and
/// any later error (meta cannot run the op, or has no values to read) is expected and ignored once the inputs were
/// seen arriving on meta. A call that never reaches the model, or a real device-mismatch error, fails.
/// </para>
/// </summary>
public class DevicePlacementTests
{
    static readonly Device Meta = device("meta");
    static readonly SpecialTokens Specials = SpecialTokens.Default;

    static bool IsDeviceMismatch(Exception e) =>
        e.Message.Contains("same device", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("found at least two devices", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs <paramref name="call"/> with <paramref name="model"/> (already on meta) watched; returns where each input arrived.</summary>
    static List<(string Module, DeviceType Device)> Arrivals(nn.Module model, Action call)
    {
        var arrived = new List<(string, DeviceType)>();
        var hooks = model.named_modules().Prepend(("(model)", model))
            .Where(m => m.Item2 is nn.Module<Tensor, Tensor>)
            .Select(m => ((nn.Module<Tensor, Tensor>)m.Item2).register_forward_pre_hook((_, input) => { arrived.Add((m.Item1, input.device_type)); return input; }))
            .ToList();
        try { call(); }
        catch (Exception e) when (IsDeviceMismatch(e)) { throw; }
        catch (Exception) { /* meta cannot run most kernels or read values: expected once the inputs were seen */ }
        finally { foreach (var hook in hooks) hook.remove(); }
        return arrived;
    }

    static void AssertPlacesItsInputs(string what, nn.Module model, Action call)
    {
        var arrived = Arrivals(model, call);
        Assert.True(arrived.Count > 0, $"{what} never reached the model, so nothing was checked");
        var wrong = arrived.Where(a => a.Device != DeviceType.META).ToList();
        Assert.True(wrong.Count == 0,
            $"{what} fed the model a tensor on {string.Join(", ", wrong.Select(w => $"{w.Device} at {w.Module}").Distinct())}; the model is on meta (standing in for CUDA)");
    }

    [Fact]
    public void The_helpers_name_a_modules_device_and_move_tensors_there()
    {
        var model = new FashionCnn(width: 4, hidden: 8).to(Meta);
        Assert.Equal(DeviceType.META, Devices.Of(model).type);
        Assert.Equal(DeviceType.CPU, Devices.Of(nn.ReLU()).type);                 // no parameters: the CPU
        Assert.Equal(DeviceType.META, zeros(2).On(model).device_type);
        var already = zeros(2);
        Assert.Same(already, already.On(nn.Linear(2, 2)));                        // already there: no copy
    }

    [Fact]
    public void A_cpu_tensor_fed_to_a_model_on_meta_is_caught_and_On_fixes_it()
    {
        var model = nn.Sequential(nn.Embedding(10, 4), nn.Linear(4, 2)).to(Meta);
        var e = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertPlacesItsInputs("a bare call", model, () => model.call(tensor(new long[] { 1, 2 }))));
        Assert.Contains("fed the model a tensor on CPU at (model)", e.Message);
        AssertPlacesItsInputs("a call with .On(model)", model, () => model.call(tensor(new long[] { 1, 2 }).On(model)));
    }

    [Fact]
    public void Seq2seq_greedy_and_beam_place_the_source_themselves()
    {
        var model = new AttentionSeq2SeqModel(12, 10, Specials, embeddingSize: 8, hiddenSize: 8).to(Meta);
        var source = tensor(new long[] { 3, 4, 5 }).view(1, 3);
        AssertPlacesItsInputs("AttentionSeq2SeqModel.Greedy", model, () => model.Greedy(source, 4));
        AssertPlacesItsInputs("AttentionSeq2SeqModel.Beam", model, () => model.Beam(source, 2, 4));
    }

    [Fact]
    public void Decoding_with_a_model_makes_its_prefixes_on_the_models_device()
    {
        var model = new TinyGptModel(vocabularySize: 20, contextLength: 8, modelSize: 16, heads: 2, layers: 1, hiddenSize: 16).to(Meta);
        AssertPlacesItsInputs("SequenceDecoding.Greedy", model, () => SequenceDecoding.Greedy(prefix => model.call(prefix).select(1, -1), 1, Specials, 4, model));
        AssertPlacesItsInputs("SequenceDecoding.BeamSearch", model, () => SequenceDecoding.BeamSearch(prefix => model.call(prefix).select(1, -1), 2, Specials, 4, model));
    }

    [Fact]
    public void The_tagger_helpers_place_tokens_and_lengths_themselves()
    {
        var model = new BiLstmAttentionTagger(12, 5, 8, 8, 2).to(Meta);
        var tokens = tensor(new long[] { 3, 4, 5, 6 }).view(1, 4);
        var lengths = tensor(new long[] { 4 });
        AssertPlacesItsInputs("BiLstmAttentionTagger.ForwardWithAttention", model, () => model.ForwardWithAttention(tokens, lengths));
        using var data = new TensorDataset(tokens, zeros(1, 4, dtype: int64), lengths);
        AssertPlacesItsInputs("Predictions.Classes (tokens, lengths)", model, () => Predictions.Classes(model, data));
    }

    [Fact]
    public void Image_helpers_place_their_inputs_themselves()
    {
        var classifier = new FashionCnn(width: 4, hidden: 8).to(Meta);
        using var images = new TensorDataset(zeros(3, 1, 28, 28), zeros(3, dtype: int64));
        AssertPlacesItsInputs("Predictions.Classes", classifier, () => Predictions.Classes(classifier, images));
        AssertPlacesItsInputs("ModuleSummary.Of", classifier, () => NeuralNotebooks.Display.ModuleSummary.Of(classifier, 1, 1, 28, 28));
    }

    [Fact]
    public void Tiny_gpt_generation_places_the_prompt_itself()
    {
        var model = new TinyGptModel(vocabularySize: 20, contextLength: 8, modelSize: 16, heads: 2, layers: 1, hiddenSize: 16).to(Meta);
        AssertPlacesItsInputs("Sampling.Generate", model, () => Sampling.Generate(model, 8, [3, 4], 2));
    }
}
