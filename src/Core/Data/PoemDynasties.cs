namespace NeuralNotebooks.Data;

/// <summary>
/// Tang or Song, on more text than tang300 + song100 alone: those 409 whole poems plus the famous lines
/// quoted in fortunes-zh's <c>chinese</c> file whose poet is in <see cref="Poets"/>, a short table of
/// well-known poets and their dynasty. The quoted lines carry no dynasty of their own, so the label comes
/// from the poet. Poets of the Five Dynasties (李煜, 韦庄, 冯延巳 …) and unknown authors are left out.
/// A quotation already inside one of the whole poems, or quoted twice, is kept once (compared without
/// punctuation or spaces), so no text can be both trained on and tested on.
/// </summary>
public static class PoemDynasties
{
    public const string QuotationFile = "chinese";

    /// <summary>Poet → dynasty: common knowledge, written down for this corpus (only poets quoted in the file).</summary>
    public static readonly IReadOnlyDictionary<string, Dynasty> Poets = Table(
        Dynasty.Tang,
        "李白 杜甫 白居易 王维 李商隐 温庭筠 杜牧 王昌龄 岑参 刘禹锡 张籍 刘长卿 张九龄 韩愈 元稹 李贺 韦应物 戴叔伦 " +
        "高适 张若虚 柳宗元 王之涣 孟浩然 许浑 王勃 王翰 贺知章 郑谷 孟郊 贾岛 李颀 崔护 罗隐 黄巢 张志和 卢仝 张仲素 " +
        "崔涂 张继 陆龟蒙 常建 卢纶 王建 刘方平 李益 鱼玄机 胡令能 杜荀鹤 崔颢 王湾 金昌绪 陈子昂 骆宾王 宋之问 皮日休",
        Dynasty.Song,
        "辛弃疾 苏轼 陆游 晏几道 欧阳修 晏殊 柳永 吴文英 李清照 姜夔 张炎 秦观 张先 蒋捷 王安石 刘过 王沂孙 刘克庄 张孝祥 " +
        "杨万里 史达祖 范成大 陈亮 范仲淹 黄庭坚 周密 朱淑真 刘辰翁 文天祥 朱熹 叶梦得 吕本中 岳飞 戴复古 袁去华 陈人杰 " +
        "周邦彦 陈与义 卢祖皋 韩元吉 吴潜 汪元量 李之仪 林逋 宋祁 谢逸 石孝友 苏舜钦 赵鼎 李弥逊 吕渭老 程垓 杨炎正 黄机 " +
        "贺铸 严蕊 卢梅坡 林升 朱敦儒 李冠 寇准 叶绍翁 王观 聂胜琼 司马光 王禹偁 李重元 潘阆 王安国 张舜民 康与之 高观国 " +
        "梅尧臣 曾巩 晁补之 张耒 毛滂 陈师道");

    /// <summary>tang300 + song100 (whole poems) and the quoted lines of known poets, without repeats.</summary>
    public static PoemCorpus Load() => Load(DataLocations.Candidates(Poems.Variable, "fortunes", Poems.DebianFolder));

    /// <summary>Like <see cref="Load()"/>, from the first of <paramref name="candidates"/> (folders) holding all three files.</summary>
    public static PoemCorpus Load(IReadOnlyList<string> candidates)
    {
        var folder = DataLocations.Require("The Chinese poems and quotations (tang300, song100, chinese)", Poems.Variable,
            "Install them with `sudo apt-get install fortunes-zh`.", candidates, "tang300", "song100", QuotationFile);
        var whole = Poems.Read(Path.Combine(folder, "tang300"), Dynasty.Tang).Concat(Poems.Read(Path.Combine(folder, "song100"), Dynasty.Song)).ToList();
        var poems = WithoutRepeats(whole, ReadQuotations(Path.Combine(folder, QuotationFile)));
        return new PoemCorpus(poems, Vocabulary.FromCharacters(poems.Select(p => p.Body)),
            $"fortunes-zh tang300 + song100 + quotations of {Poets.Count} known poets in {QuotationFile}, from {folder}");
    }

    /// <summary>
    /// The entries of the <c>chinese</c> fortune file whose last line names a poet of the table
    /// (<c>-- 苏轼《江城子·…》</c>), as poems: the quoted lines are the body, the dynasty is the poet's.
    /// </summary>
    public static IEnumerable<Poem> ReadQuotations(string path)
    {
        foreach (var entry in TextCorpus.ReadFortunes(path))
        {
            var lines = TextCorpus.StripAnsi(entry).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            if (lines.Count < 2 || !lines[^1].StartsWith("--")) continue;
            // A separator with text after the % runs two entries together: skip them rather than guess.
            if (lines.SkipLast(1).Any(l => l.StartsWith("--") || l.StartsWith('%'))) continue;
            var attribution = lines[^1][2..].Trim();
            var open = attribution.IndexOf('《');
            var author = (open < 0 ? attribution : attribution[..open]).Trim();
            if (!Poets.TryGetValue(author, out var dynasty)) continue;
            var title = open < 0 ? "" : attribution[(open + 1)..].Split('》')[0].Trim();
            yield return new Poem(title, author, string.Join("\n", lines.SkipLast(1)), dynasty);
        }
    }

    /// <summary>The text's letters only (no punctuation, spaces or newlines): how repeats are recognised.</summary>
    public static string Letters(string text) => string.Concat(text.Where(char.IsLetter));

    static List<Poem> WithoutRepeats(List<Poem> whole, IEnumerable<Poem> quotations)
    {
        var wholeLetters = whole.Select(p => Letters(p.Body)).ToList();
        var seen = new HashSet<string>(wholeLetters);
        var kept = new List<Poem>(whole);
        foreach (var q in quotations)
        {
            var letters = Letters(q.Body);
            if (letters.Length == 0 || !seen.Add(letters) || wholeLetters.Any(w => w.Contains(letters))) continue;
            kept.Add(q);
        }
        return kept;
    }

    static Dictionary<string, Dynasty> Table(Dynasty first, string firstPoets, Dynasty second, string secondPoets) =>
        firstPoets.Split(' ').Select(p => (p, first)).Concat(secondPoets.Split(' ').Select(p => (p, second)))
            .ToDictionary(e => e.p, e => e.Item2);
}
