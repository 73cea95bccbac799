using NeuralNotebooks.Blocks;
using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TinyGpt;

/// <summary>Sizes of the tiny-GPT lesson for a run mode.</summary>
public sealed record TinyGptSize(int Context, int Stride, int Epochs, int BatchSize, int ModelSize, int Heads, int Layers, int HiddenSize, double LearningRate)
{
    public static TinyGptSize For(RunMode mode) => mode == RunMode.Quick
        ? new(32, 16, 3, 32, 64, 4, 2, 128, 3e-3)
        : new(96, 8, 30, 64, 192, 6, 4, 768, 5e-4);
}

/// <summary>A generated text and the settings that produced it.</summary>
public sealed record Sample(string Prompt, double Temperature, int TopK, string Text);

/// <summary>The trained model, its history, validation perplexity against the unigram baseline, and samples.</summary>
public sealed record TinyGptResult(TinyGptModel Model, Vocabulary Characters, TrainingHistory History, double ValidationPerplexity,
    double UnigramPerplexity, IReadOnlyList<Sample> Samples, TimeSpan Elapsed);

/// <summary>
/// Exercise 17, a tiny GPT: a decoder-only, character-level Transformer (causal self-attention blocks
/// built from the same attention as exercises 5, 6 and 15) trained to predict the next character of
/// the Tang poems. It is judged by validation perplexity on poems it never saw, against the unigram
/// baseline (every character at its training frequency, no context), and it writes new lines with
/// temperature and top-k sampling.
/// </summary>
public static class TinyGptLesson
{
    public static TinyGptResult Train(RunMode mode, Device? device = null)
    {
        var size = TinyGptSize.For(mode);
        device ??= Devices.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var tang = Poems.Load().Poems.Where(p => p.Dynasty == Dynasty.Tang).Select(p => p.Body + "\n\n").ToArray();
        // Characters seen once become UNK: it halves the vocabulary (and the output layer) and a character
        // seen once cannot be learned anyway. The unigram baseline uses the same vocabulary.
        var characters = Vocabulary.FromCharacters(tang, minCount: 2);
        var order = Data.Shuffling.Permutation(tang.Length, new Random(Seed.Current));
        var validationCount = tang.Length / 10;
        var validationText = characters.EncodeCharacters(string.Concat(order[..validationCount].Select(i => tang[i])));
        var trainText = characters.EncodeCharacters(string.Concat(order[validationCount..].Select(i => tang[i])));

        using var train = Windows(trainText, size.Context, size.Stride);
        using var validation = Windows(validationText, size.Context, size.Context);
        var model = new TinyGptModel(characters.Count, size.Context, size.ModelSize, size.Heads, size.Layers, size.HiddenSize, dropout: 0.1).to(device);
        var trainer = new Trainer(model, TokenCrossEntropy.Compute, optim.AdamW(model.parameters(), size.LearningRate, weight_decay: 0.01),
            new TrainerOptions { ClipGradNorm = 1.0 });
        var history = trainer.Fit(new DataLoader(train, size.BatchSize, shuffle: true, device: device),
            new DataLoader(validation, 128, device: device), size.Epochs);

        var validationLoss = history.Last("loss") ?? double.NaN;
        var generator = new Generator((ulong)Seed.Current, device);
        string Write(string prompt, double temperature, int topK) =>
            characters.Decode(model.Generate(characters.EncodeCharacters(prompt).Select(c => (long)c).ToArray(), 48, temperature, topK, generator,
                banned: [Vocabulary.Pad, Vocabulary.Bos, Vocabulary.Eos, Vocabulary.Unk]));
        var samples = new[] { ("春", 0.8, 10), ("月", 0.8, 10), ("山", 1.0, 0), ("江", 0.5, 5) }
            .Select(s => new Sample(s.Item1, s.Item2, s.Item3, s.Item1 + Write(s.Item1, s.Item2, s.Item3))).ToArray();
        return new TinyGptResult(model, characters, history, Math.Exp(validationLoss), UnigramPerplexity(trainText, validationText, characters.Count),
            samples, clock.Elapsed);
    }

    /// <summary>(inputs, targets) windows of <paramref name="context"/> characters, targets shifted by one, every <paramref name="stride"/> characters.</summary>
    public static TensorDataset Windows(int[] text, int context, int stride)
    {
        using var scope = NewDisposeScope();
        var ids = tensor(text.Select(c => (long)c).ToArray());
        var windows = ids.unfold(0, context + 1, stride);                                        // (N, context + 1)
        return new TensorDataset([windows[.., ..^1], windows[.., 1..]], $"{windows.shape[0]} windows of {context} characters");
    }

    /// <summary>exp of the cross-entropy of the validation text under training-set character frequencies (add-one smoothed).</summary>
    public static double UnigramPerplexity(int[] train, int[] validation, int vocabularySize)
    {
        var counts = new double[vocabularySize];
        foreach (var c in train) counts[c]++;
        var total = train.Length + vocabularySize;
        var nll = validation.Average(c => -Math.Log((counts[c] + 1) / total));
        return Math.Exp(nll);
    }
}
