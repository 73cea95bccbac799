using NeuralNotebooks.Display;
using TorchSharp;
using static NeuralNotebooks.Tests.Display.XhtmlTestKit;

namespace NeuralNotebooks.Tests.Display;

public class ModuleSummaryTests
{
    sealed class TinyNet : torch.nn.Module<torch.Tensor, torch.Tensor>
    {
        private readonly torch.nn.Module<torch.Tensor, torch.Tensor> embed, lstmFree, fc;
        public TinyNet() : base(nameof(TinyNet))
        {
            embed = torch.nn.Embedding(50, 8);
            lstmFree = torch.nn.Sequential(("proj", torch.nn.Linear(8, 4)), ("act", torch.nn.Tanh()));
            fc = torch.nn.Linear(4, 2);
            RegisterComponents();
        }
        public override torch.Tensor forward(torch.Tensor x) => fc.call(lstmFree.call(embed.call(x)));   // (B, T) -> (B, T, 2)
    }

    [Fact]
    public void Text_summary_of_a_token_model_is_stable()
    {
        using var net = new TinyNet();
        Assert.Equal(
            """
            Layer (type)                Output shape  Parameters  Trainable
            ================================================================
            TinyNet                     [2, 5, 2]            446
              embed (Embedding)         [2, 5, 8]            400  yes
              lstmFree (Sequential)     [2, 5, 4]             36  yes
                lstmFree.proj (Linear)  [2, 5, 4]             36  yes
                lstmFree.act (Tanh)     [2, 5, 4]              0
              fc (Linear)               [2, 5, 2]             10  yes
            ================================================================
            Total parameters: 446
            Trainable parameters: 446
            Non-trainable parameters: 0
            Size (MB): 0.00
            Input shape: [2, 5]
            """.ReplaceLineEndings("\n"),
            ModuleSummary.Of(net, 2, 5).ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Frozen_layers_count_as_not_trainable_and_the_model_keeps_its_mode()
    {
        using var net = torch.nn.Sequential(("bn", torch.nn.BatchNorm1d(4)), ("fc", torch.nn.Linear(4, 3)));
        foreach (var p in net.parameters().Take(2)) p.requires_grad = false;     // bn weight and bias
        net.train();
        var summary = ModuleSummary.Of(net, 1, 4);
        var html = Parse(summary.ToHtml());

        Assert.Equal("8", Text(html, "data-total", "Non-trainable parameters"));
        Assert.Equal("no", Single(html, "data-layer", "bn").Elements().Single(e => (string?)e.Attribute("data-column") == "trainable").Value);
        Assert.True(net.training);
        Assert.Equal((8 + 15) * 4 + 2 * 4 * 4 + 8, summary.ParameterBytes + summary.BufferBytes);   // params, running mean/var, num_batches_tracked
    }

    [Fact]
    public void Input_shapes_are_parsed_or_refused_clearly()
    {
        Assert.Equal(new long[] { 1, 3, 32, 32 }, InputShape.Parse("1,3,32,32"));
        Assert.Equal(new long[] { 1, 3, 32, 32 }, InputShape.Parse("[1, 3, 32, 32]"));
        Assert.Empty(InputShape.Parse(null));
        Assert.Equal("Malformed input shape '1,0': expected positive whole numbers separated by commas, e.g. 1,3,32,32.",
            Assert.Throws<ArgumentException>(() => InputShape.Parse("1,0")).Message);
    }
}
