using System.Diagnostics;
using NeuralNotebooks.Data;
using TorchSharp;
using Xunit.Abstractions;

namespace NeuralNotebooks.Tests.Data;

/// <summary>The data sets installed from Debian packages (eng/setup.sh and .ci/run install them).</summary>
public class RealDataTests(ITestOutputHelper output)
{
    [Fact]
    public void Fashion_mnist_has_the_published_counts_shapes_labels_and_pixels()
    {
        var watch = Stopwatch.StartNew();
        var data = FashionMnist.Load();
        output.WriteLine($"Fashion-MNIST loaded in {watch.ElapsedMilliseconds} ms: {data.Source}");
        using (data.Train)
        using (data.Test)
        {
            Assert.Equal([60000L, 1, 28, 28], data.Train.Inputs.shape);
            Assert.Equal([10000L, 1, 28, 28], data.Test.Inputs.shape);
            Assert.Equal(torch.float32, data.Train.Inputs.dtype);
            Assert.Equal(torch.int64, data.Train.Targets.dtype);
            Assert.Equal(0, data.Train.Targets.min().item<long>());
            Assert.Equal(9, data.Train.Targets.max().item<long>());
            Assert.Equal(270000, data.Train.Targets.sum().item<long>()); // 6,000 of each class
            // Pixel checksums (sum of the raw bytes 0..255), computed once from the Debian files.
            Assert.Equal(3431114169L, (data.Train.Inputs * 255).round().to_type(torch.int64).sum().item<long>());
            Assert.Equal(573469082L, (data.Test.Inputs * 255).round().to_type(torch.int64).sum().item<long>());
            Assert.Equal(10, data.ClassNames.Count);
            Assert.Contains("/fashion-mnist", data.Source);
        }
    }

    [Fact]
    public void A_limit_reads_only_the_first_examples()
    {
        var data = FashionMnist.Load(limit: 100);
        Assert.Equal(100, data.Train.Count);
        Assert.Equal(100, data.Test.Count);
        Assert.Equal(76247L, (data.Train.Inputs[0] * 255).round().to_type(torch.int64).sum().item<long>());
        Assert.Equal(9, data.Train.Targets[0].item<long>());
    }

    [Fact]
    public void Digits_are_1797_real_8x8_images_with_labels_0_to_9()
    {
        var watch = Stopwatch.StartNew();
        using var digits = Digits.Load();
        output.WriteLine($"Digits loaded in {watch.ElapsedMilliseconds} ms: {digits.Source}");
        Assert.Equal([1797L, 1, 8, 8], digits.Inputs.shape);
        Assert.Equal(0, digits.Targets.min().item<long>());
        Assert.Equal(9, digits.Targets.max().item<long>());
        Assert.Equal(8070, digits.Targets.sum().item<long>());
        Assert.Equal(561718L, (digits.Inputs * 16).round().to_type(torch.int64).sum().item<long>());
        Assert.InRange(digits.Inputs.max().item<float>(), 0.99f, 1f);
    }

    [Fact]
    public void Both_photos_are_427_by_640_rgb()
    {
        foreach (var name in Photos.Names)
        {
            var watch = Stopwatch.StartNew();
            var photo = Photos.Load(name);
            output.WriteLine($"{name} loaded in {watch.ElapsedMilliseconds} ms: {photo.Source}");
            using var image = photo.Image;
            Assert.Equal([3L, 427, 640], image.shape);
            Assert.InRange(image.min().item<float>(), 0f, 1f);
            Assert.InRange(image.max().item<float>(), 0.5f, 1f);
        }
        Assert.Contains("Allowed: china, flower", Assert.Throws<ArgumentException>(() => Photos.Load("cat")).Message);
    }

    [Fact]
    public void Poems_are_313_tang_and_96_song_with_a_character_vocabulary()
    {
        var watch = Stopwatch.StartNew();
        var corpus = Poems.Load();
        output.WriteLine($"Poems loaded in {watch.ElapsedMilliseconds} ms: {corpus.Source}; {corpus.Poems.Count} poems, {corpus.Characters.Count} tokens");
        Assert.Equal(313, corpus.Poems.Count(p => p.Dynasty == Dynasty.Tang));
        Assert.Equal(96, corpus.Poems.Count(p => p.Dynasty == Dynasty.Song));
        var first = corpus.Poems[0];
        Assert.Equal("感遇・其一", first.Title);
        Assert.Equal("张九龄", first.Author);
        Assert.StartsWith("兰叶春葳蕤，桂华秋皎洁。", first.Body);
        Assert.DoesNotContain('\u001b', string.Concat(corpus.Poems.Select(p => p.Body)));
        Assert.InRange(corpus.Characters.Count, 1500, 6000);
        using var data = corpus.ToDataset(maxLength: 64);
        Assert.Equal([409L, 64], data.Inputs.shape);
        Assert.Equal(96, data.Targets.sum().item<long>());
        Assert.Equal(corpus.Characters.EncodeCharacters(first.Body)[..10].Select(i => (long)i), data.Inputs[0, ..10].data<long>().ToArray());
    }
}
