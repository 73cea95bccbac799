using NeuralNotebooks.Data;

namespace NeuralNotebooks.Tests.Data;

/// <summary>The Tang-or-Song corpus: whole poems plus quoted lines labelled by their poet, without repeats.</summary>
public class PoemDynastiesTests
{
    const char Esc = (char)27;

    [Fact]
    public void The_debian_files_give_595_tang_and_844_song_texts_each_labelled_by_its_collection_or_poet()
    {
        var corpus = PoemDynasties.Load();
        Assert.Equal(595, corpus.Poems.Count(p => p.Dynasty == Dynasty.Tang));
        Assert.Equal(844, corpus.Poems.Count(p => p.Dynasty == Dynasty.Song));
        // The first 409 are tang300 and song100, as Poems reads them.
        Assert.Equal(Poems.Load().Poems, corpus.Poems.Take(409));
        var quotations = corpus.Poems.Skip(409).ToList();
        Assert.All(quotations, q => Assert.Equal(PoemDynasties.Poets[q.Author], q.Dynasty));
        Assert.Contains(quotations, q => q.Author == "李白" && q.Dynasty == Dynasty.Tang);
        Assert.Contains(quotations, q => q.Author == "辛弃疾" && q.Dynasty == Dynasty.Song);
        Assert.DoesNotContain(quotations, q => q.Author is "李煜" or "韦庄" or "冯延巳");   // Five Dynasties: neither class
        Assert.DoesNotContain(Esc, string.Concat(quotations.Select(q => q.Body)));
        Assert.DoesNotContain(quotations, q => q.Body.Contains("--"));                      // the attribution is not text
    }

    [Fact]
    public void No_text_is_there_twice_and_no_quotation_is_part_of_a_whole_poem()
    {
        var corpus = PoemDynasties.Load();
        var letters = corpus.Poems.Select(p => PoemDynasties.Letters(p.Body)).ToList();
        Assert.Equal(letters.Count, letters.Distinct().Count());
        var whole = letters.Take(409).ToList();
        Assert.DoesNotContain(letters.Skip(409), q => whole.Any(w => w.Contains(q)));
    }

    [Fact]
    public void The_split_by_poem_keeps_each_poem_on_one_side_and_is_the_same_for_the_same_seed()
    {
        var corpus = PoemDynasties.Load();
        var (train, test) = corpus.SplitByPoem(testShare: 0.25, seed: 3);
        Assert.Equal(corpus.Poems.Count, train.Poems.Count + test.Poems.Count);
        Assert.InRange(test.Poems.Count, 0.24 * corpus.Poems.Count, 0.27 * corpus.Poems.Count);
        Assert.Empty(train.Poems.Select(p => PoemDynasties.Letters(p.Body)).Intersect(test.Poems.Select(p => PoemDynasties.Letters(p.Body))));
        static string Key(Poem p) => $"{p.Author}|{p.Title}";
        Assert.Empty(train.Poems.Where(p => p.Title.Length > 0).Select(Key).Intersect(test.Poems.Where(p => p.Title.Length > 0).Select(Key)));
        Assert.Contains(test.Poems, p => p.Dynasty == Dynasty.Tang);
        Assert.Contains(test.Poems, p => p.Dynasty == Dynasty.Song);
        // The vocabulary is the training side's, shared by the test side.
        Assert.Same(train.Characters, test.Characters);
        Assert.Equal(train.Characters.Tokens, Vocabulary.FromCharacters(train.Poems.Select(p => p.Body)).Tokens);
        Assert.Equal(test.Poems, corpus.SplitByPoem(0.25, 3).Test.Poems);
        Assert.NotEqual(test.Poems, corpus.SplitByPoem(0.25, 4).Test.Poems);
    }

    [Fact]
    public void Quotations_are_read_with_the_poets_dynasty_and_repeats_are_dropped()
    {
        using var folder = new ScratchFolder();
        File.WriteAllText(folder.File("tang300"), "\u001b[32m《静夜思》\u001b[m\n\u001b[33m作者：李白\u001b[m\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n");
        File.WriteAllText(folder.File("song100"), "题目:《示儿》\n作者:陆游\n死去元知万事空，但悲不见九州同。\n");
        File.WriteAllText(folder.File("chinese"), string.Join("\n%\n",
            $"举头望明月，低头思故乡。\n{Esc}[33m    -- 李白{Esc}[32m《静夜思》{Esc}[m{Esc}[m",          // inside a whole poem: dropped
            $"十年生死两茫茫，不思量，自难忘。\n{Esc}[33m    -- 苏轼{Esc}[32m《江城子》{Esc}[m",
            $"十年生死两茫茫、不思量、自难忘\n    -- 苏轼《江城子》",                                      // same letters: dropped
            $"春花秋月何时了？\n    -- 李煜《虞美人》",                                                 // Five Dynasties: neither class
            $"学而时习之。\n    --《论语》",                                                            // no poet
            "没有出处的一句话。",
            "明月几时有？\n    -- 苏轼《水调歌头》\n%偓佺\n但愿人长久。\n    -- 苏轼《水调歌头》",                // broken separator: skipped
            $"天生我材必有用，\n千金散尽还复来。\n    -- 李白《将进酒》"));

        var corpus = PoemDynasties.Load([folder.Path]);
        Assert.Equal(["静夜思", "示儿", "江城子", "将进酒"], corpus.Poems.Select(p => p.Title));
        Assert.Equal([Dynasty.Tang, Dynasty.Song, Dynasty.Song, Dynasty.Tang], corpus.Poems.Select(p => p.Dynasty));
        Assert.Equal(("苏轼", "十年生死两茫茫，不思量，自难忘。"), (corpus.Poems[2].Author, corpus.Poems[2].Body));
        Assert.Equal("天生我材必有用，\n千金散尽还复来。", corpus.Poems[3].Body);
    }

    [Fact]
    public void Without_the_quotation_file_the_error_says_which_file_and_how_to_install_it()
    {
        using var folder = new ScratchFolder();
        File.WriteAllText(folder.File("tang300"), "作者:李白\n床前明月光\n");
        File.WriteAllText(folder.File("song100"), "作者:陆游\n死去元知万事空\n");
        var e = Assert.Throws<MissingDataException>(() => PoemDynasties.Load([folder.Path]));
        Assert.Contains("tang300, song100, chinese", e.Message);
        Assert.Contains("sudo apt-get install fortunes-zh", e.Message);
        Assert.Contains(folder.Path, e.Message);
    }
}
