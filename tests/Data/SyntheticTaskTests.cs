using System.Globalization;
using NeuralNotebooks.Data;
using NeuralNotebooks.Data.Synthetic;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Data;

public class SyntheticTaskTests
{
    [Fact]
    public void Human_dates_translate_exactly_to_iso_and_follow_the_seed()
    {
        var dates = HumanDates.Generate(300, seed: 5);
        Assert.Equal(dates.Pairs, HumanDates.Generate(300, seed: 5).Pairs);
        Assert.NotEqual(dates.Pairs, HumanDates.Generate(300, seed: 6).Pairs);
        foreach (var (source, target) in dates.Pairs)
        {
            var date = DateTime.ParseExact(target, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            // The source is the target date in one of the formats (any casing): the task has an exact answer.
            Assert.Contains(HumanDates.Formats, f => string.Equals(HumanDates.Write(date, f, new Random(2)), source, StringComparison.OrdinalIgnoreCase));
        }
        Assert.True(dates.Pairs.Select(p => p.Source.Length).Distinct().Count() > 5);
        using var data = dates.ToDataset();
        Assert.Equal(300, data.Count);
        Assert.Equal(1 + 10 + 1, data.Tensors[1].shape[1]); // BOS, yyyy-MM-dd, EOS
        Assert.Equal(Vocabulary.Bos, data.Tensors[1][0, 0].item<long>());
        Assert.Equal(dates.Pairs[0].Target, dates.TargetVocabulary.Decode(data.Tensors[1][0].data<long>().ToArray()));
        Assert.Equal(dates.Pairs[0].Source, dates.SourceVocabulary.Decode(data.Tensors[0][0].data<long>().ToArray()));
        Assert.Equal(dates.Pairs[0].Source.Length + 1, data.Tensors[2][0].item<long>());
    }

    [Fact]
    public void Entity_sentences_have_one_bio_tag_per_word_and_spans_match_the_tags()
    {
        var ner = EntitySentences.Generate(200, seed: 1);
        Assert.Equal(ner.Sentences.Select(s => string.Join(" ", s.Words)), EntitySentences.Generate(200, seed: 1).Sentences.Select(s => string.Join(" ", s.Words)));
        foreach (var sentence in ner.Sentences)
        {
            Assert.Equal(sentence.Words.Count, sentence.Tags.Count);
            Assert.All(sentence.Tags, t => Assert.Contains(t, EntitySentences.TagNames));
            for (var i = 0; i < sentence.Tags.Count; i++)
                if (sentence.Tags[i].StartsWith("I-")) Assert.EndsWith(sentence.Tags[i][2..], sentence.Tags[i - 1]);
        }
        Assert.Equal([("PER", 0, 2), ("LOC", 4, 5)], EntitySentences.Spans(["B-PER", "I-PER", "O", "O", "B-LOC", "O"]));
        Assert.Equal([("ORG", 1, 3)], EntitySentences.Spans(["O", "I-ORG", "I-ORG"]));
        // "jordan" is a person in some sentences and a place in others.
        var jordanTags = ner.Sentences.SelectMany(s => s.Words.Zip(s.Tags)).Where(p => p.First == "jordan").Select(p => p.Second).Distinct().ToArray();
        Assert.Contains("B-PER", jordanTags);
        Assert.Contains("B-LOC", jordanTags);
        using var data = ner.ToDataset();
        Assert.Equal(data.Tensors[0].shape, data.Tensors[1].shape);
        Assert.Equal(ner.Tags["O"], data.Tensors[1][0, data.Tensors[2][0].item<long>() - 1].item<long>()); // every sentence ends with "."
    }

    [Fact]
    public void Question_answers_are_consistent_word_sequences()
    {
        var qa = QuestionAnswers.Generate(500, seed: 3);
        Assert.Equal(qa.Pairs, QuestionAnswers.Generate(500, seed: 3).Pairs);
        // The same question always gets the same answer.
        Assert.All(qa.Pairs.GroupBy(p => p.Source), g => Assert.Single(g.Select(p => p.Target).Distinct()));
        Assert.Contains(qa.Pairs, p => p.Target == "the capital of france is paris.");
        Assert.Equal(["what", "is", "two", "plus", "three", "?"], SequencePairs.Words("What is two plus three?"));
        using var data = qa.ToDataset();
        Assert.Equal(4, data.Tensors.Count);
    }

    [Fact]
    public void Moving_digits_move_one_pixel_per_frame_in_their_labelled_direction()
    {
        using var digits = Digits.Load();
        using var videos = MovingDigits.Generate(digits, count: 40, seed: 2, frames: 6, canvas: 14);
        Assert.Equal([40L, 6, 1, 14, 14], videos.Inputs.shape);
        var (dxs, dys) = (new[] { 1, -1, 0, 0 }, new[] { 0, 0, 1, -1 });
        for (var n = 0; n < 40; n++)
        {
            var direction = (int)videos.Tensors[1][n].item<long>();
            using var first = videos.Inputs[n, 0];
            using var last = videos.Inputs[n, 5];
            using var shifted = first.roll([5L * dys[direction], 5L * dxs[direction]], [1, 2]);
            Assert.True(shifted.allclose(last), $"sequence {n} does not move {MovingDigits.Directions[direction]}");
        }
        Assert.Contains("UCI 8x8 digits", videos.Source);
        Assert.Contains("canvas of 10 pixels is too small", Assert.Throws<ArgumentException>(() => MovingDigits.Generate(digits, 1, 0, frames: 6, canvas: 10)).Message);
    }

    [Fact]
    public void Noisy_images_have_the_asked_noise_level()
    {
        using var clean = torch.full(2, 1, 64, 64, 0.5f);
        using var pairs = NoisyImages.Create(clean, sigma: 0.1, seed: 4);
        var std = (pairs.Inputs - pairs.Targets).std().item<float>();
        Assert.InRange(std, 0.095f, 0.105f);
        Assert.Equal(pairs.Inputs.data<float>().ToArray(), NoisyImages.Create(clean, 0.1, seed: 4).Inputs.data<float>().ToArray());
        Assert.Contains("σ=0.1", pairs.Source);
        using var patches = NoisyImages.Patches(torch.rand(3, 40, 50), size: 16, count: 5, seed: 1);
        Assert.Equal([5L, 3, 16, 16], patches.shape);
    }

    [Fact]
    public void Drawn_fallback_digits_announce_themselves_and_are_learnable()
    {
        using var drawn = DrawnDigits.Generate(600, seed: 1, reason: "the test asked for them");
        Assert.StartsWith("SYNTHETIC FALLBACK", drawn.Source);
        Assert.Contains("because the test asked for them", drawn.Source);
        Assert.Equal([600L, 1, 8, 8], drawn.Inputs.shape);
        Assert.InRange(drawn.Inputs.max().item<float>(), 0.5f, 1f);
        var split = drawn.Split(validation: 0.25, seed: 0);
        torch.manual_seed(0);
        var model = nn.Sequential(nn.Flatten(), nn.Linear(64, 10));
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), 0.05), new TrainerOptions { Metrics = [Metric.Accuracy] });
        var history = trainer.Fit(new DataLoader(split.Train, 50, shuffle: true, seed: 0, device: CPU), new DataLoader(split.Validation, 150, device: CPU), epochs: 15);
        Assert.True(history.Last("accuracy") > 0.85, $"validation accuracy {history.Last("accuracy")}");
    }
}
