using NeuralNotebooks.Blocks;
using NeuralNotebooks.Exercises.TinyGpt;
using NeuralNotebooks.Exercises.TransformerClassifier;
using NeuralNotebooks.Exercises.TransformerTranslation;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

/// <summary>
/// Every Transformer here multiplies its token embeddings by √D; they must start at N(0, 1/D) so that what the
/// first layer sees is unit-sized, like the positional encoding (at N(0, 1), the default, it was std √D and
/// the translator learned 10 % of dates instead of 98 %).
/// </summary>
public class ScaledEmbeddingTests
{
    static readonly SpecialTokens Specials = SpecialTokens.Default;

    public static TheoryData<string> Embeddings => ["translator source", "translator target", "classifier", "gpt"];

    static (Tensor Weight, long? Pad) Build(string which)
    {
        manual_seed(3);
        nn.Module model = which switch
        {
            "translator source" or "translator target" => new TransformerTranslator(40, 30, 16, Specials, modelSize: 64, heads: 4, encoderLayers: 1, decoderLayers: 1, hiddenSize: 64),
            "classifier" => new TransformerTextClassifier(vocabularySize: 50, classes: 2, maxLength: 16, modelSize: 64),
            _ => new TinyGptModel(vocabularySize: 50, contextLength: 16, modelSize: 64),
        };
        var name = which switch { "translator source" => "src_embed.weight", "translator target" => "tgt_embed.weight", "classifier" => "embedding.weight", _ => "tok_embed.weight" };
        var weight = model.named_parameters().Single(p => p.name == name).parameter;
        return (weight, which == "gpt" ? null : which == "classifier" ? 0 : Specials.Pad);
    }

    [Theory]
    [MemberData(nameof(Embeddings))]
    public void Token_embeddings_are_unit_sized_after_the_square_root_scaling(string which)
    {
        var (weight, pad) = Build(which);
        var rows = pad is long p ? cat([weight[..(int)p], weight[((int)p + 1)..]]) : weight;
        var scaledStd = rows.std().item<float>() * Math.Sqrt(64);
        Assert.InRange(scaledStd, 0.85, 1.15);
        if (pad is long padRow) Assert.Equal(0f, weight[padRow].abs().sum().item<float>());
    }

    [Fact]
    public void The_padding_row_gets_no_gradient()
    {
        var embedding = ScaledEmbedding.Create(10, 8, padId: 0);
        embedding.call(tensor(new long[] { 0, 1, 2, 0 })).sum().backward();
        Assert.Equal(0f, embedding.weight!.grad![0].abs().sum().item<float>());
        Assert.True(embedding.weight.grad[1].abs().sum().item<float>() > 0);
    }
}
