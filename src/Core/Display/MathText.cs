using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace NeuralNotebooks.Display;

/// <summary>
/// The TeX our cards write between <c>$…$</c>, as readable Unicode: plain text (∂L/∂W = gᵀx, √(σ² + ε)) or
/// HTML with <c>&lt;i&gt;</c>, <c>&lt;sub&gt;</c> and <c>&lt;sup&gt;</c>. Kernel outputs cannot count on a math
/// renderer (Jupyter and VS Code render TeX in Markdown cells, not in HTML outputs), so the cards convert it
/// themselves. Only the subset the 40 cards use is known; anything else is listed by
/// <see cref="UnknownCommands"/> (a test keeps that list empty) and shown as its bare name.
/// </summary>
public static partial class MathText
{
    /// <summary>Card text with its <c>$…$</c> math turned into Unicode; the rest is left as it is.</summary>
    public static string ToText(string text) => Replace(text, tex => Render(Parse(tex), html: false));

    /// <summary>One formula (no dollars) as HTML, escaped.</summary>
    public static string FormulaToHtml(string tex) => Render(Parse(tex), html: true);

    /// <summary>One formula (no dollars) as Unicode text.</summary>
    public static string FormulaToText(string tex) => Render(Parse(tex), html: false);

    /// <summary>The <c>$…$</c> spans of a text, in order.</summary>
    public static IReadOnlyList<string> Formulas(string text) => Dollars().Matches(text).Select(Tex).ToArray();

    /// <summary>Replaces every <c>$…$</c> span with <paramref name="convert"/> of its TeX.</summary>
    public static string Replace(string text, Func<string, string> convert) => Dollars().Replace(text, m => convert(Tex(m)));

    static string Tex(Match m) => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;

    /// <summary>The commands in the text's math that this converter does not know (without backslash), sorted.</summary>
    public static IReadOnlyList<string> UnknownCommands(string text) => Formulas(text)
        .SelectMany(f => Commands().Matches(f).Select(m => m.Groups[1].Value))
        .Where(c => !IsKnown(c)).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every command the converter handles, for the record (and the report of how much TeX it speaks).</summary>
    public static IReadOnlyList<string> KnownCommands =>
        Symbols.Keys.Concat(Functions).Concat(Spaces.Keys).Concat(Accents.Keys).Concat(Fonts).Concat(Ignored).Concat(["sqrt", "frac", "tfrac", "dfrac"])
            .Distinct().Order(StringComparer.Ordinal).ToArray();

    static bool IsKnown(string command) => Symbols.ContainsKey(command) || Functions.Contains(command) || Spaces.ContainsKey(command)
        || Accents.ContainsKey(command) || Fonts.Contains(command) || Ignored.Contains(command) || command is "sqrt" or "frac" or "tfrac" or "dfrac";

    // $$…$$ (display) before $…$ (inline); both convert the same way.
    [GeneratedRegex(@"\$\$([^$]+)\$\$|\$([^$]+)\$")] private static partial Regex Dollars();
    [GeneratedRegex(@"\\([A-Za-z]+|[^A-Za-z])")] private static partial Regex Commands();

    // How an atom spaces itself, as TeX does: relations get spaces, binary operators too unless unary.
    enum Kind { Ord, Op, Bin, Rel, Open, Close, Punct, Function, Text }

    static readonly Dictionary<string, (string Text, Kind Kind)> Symbols = new()
    {
        ["alpha"] = ("α", Kind.Ord), ["beta"] = ("β", Kind.Ord), ["gamma"] = ("γ", Kind.Ord), ["delta"] = ("δ", Kind.Ord),
        ["epsilon"] = ("ε", Kind.Ord), ["varepsilon"] = ("ε", Kind.Ord), ["eta"] = ("η", Kind.Ord), ["theta"] = ("θ", Kind.Ord),
        ["kappa"] = ("κ", Kind.Ord), ["lambda"] = ("λ", Kind.Ord), ["mu"] = ("μ", Kind.Ord), ["pi"] = ("π", Kind.Ord),
        ["rho"] = ("ρ", Kind.Ord), ["sigma"] = ("σ", Kind.Ord), ["tau"] = ("τ", Kind.Ord), ["phi"] = ("φ", Kind.Ord),
        ["omega"] = ("ω", Kind.Ord), ["Delta"] = ("Δ", Kind.Ord), ["Phi"] = ("Φ", Kind.Ord), ["Sigma"] = ("Σ", Kind.Ord),
        ["partial"] = ("∂", Kind.Ord), ["nabla"] = ("∇", Kind.Ord), ["infty"] = ("∞", Kind.Ord), ["ell"] = ("ℓ", Kind.Ord),
        ["top"] = ("T", Kind.Ord), ["ldots"] = ("…", Kind.Ord), ["cdots"] = ("⋯", Kind.Ord), ["|"] = ("‖", Kind.Ord),
        ["lVert"] = ("‖", Kind.Open), ["rVert"] = ("‖", Kind.Close), ["lfloor"] = ("⌊", Kind.Open), ["rfloor"] = ("⌋", Kind.Close),
        ["sum"] = ("Σ", Kind.Op), ["prod"] = ("∏", Kind.Op),
        ["times"] = ("×", Kind.Bin), ["cdot"] = ("·", Kind.Bin), ["odot"] = ("⊙", Kind.Bin), ["pm"] = ("±", Kind.Bin),
        ["to"] = ("→", Kind.Rel), ["rightarrow"] = ("→", Kind.Rel), ["leftarrow"] = ("←", Kind.Rel), ["le"] = ("≤", Kind.Rel),
        ["leq"] = ("≤", Kind.Rel), ["ge"] = ("≥", Kind.Rel), ["geq"] = ("≥", Kind.Rel), ["ne"] = ("≠", Kind.Rel),
        ["approx"] = ("≈", Kind.Rel), ["sim"] = ("∼", Kind.Rel), ["propto"] = ("∝", Kind.Rel), ["in"] = ("∈", Kind.Rel),
        ["gg"] = ("≫", Kind.Rel), ["ll"] = ("≪", Kind.Rel), ["gtrsim"] = ("≳", Kind.Rel), ["mid"] = ("∣", Kind.Rel),
        ["{"] = ("{", Kind.Open), ["}"] = ("}", Kind.Close),
    };

    static readonly HashSet<string> Functions = ["log", "exp", "max", "min", "tanh", "sin", "cos"];
    static readonly Dictionary<string, string> Spaces = new() { [","] = "\u2009", [";"] = " ", [" "] = " ", ["quad"] = "  " };
    static readonly Dictionary<string, char> Accents = new() { ["hat"] = '\u0302', ["tilde"] = '\u0303', ["bar"] = '\u0304' };
    static readonly HashSet<string> Fonts = ["mathrm", "text", "mathbb", "operatorname"];
    static readonly HashSet<string> Ignored = ["big", "Big", "left", "right"];   // sizes: plain text has one size

    // ---- parsing: a list of nodes per group ----

    abstract record Node;
    sealed record Atom(string Text, Kind Kind) : Node;
    sealed record Group(IReadOnlyList<Node> Items) : Node;
    sealed record Scripted(Node Base, Node? Sub, Node? Sup) : Node;
    sealed record Root(Node Body) : Node;
    sealed record Fraction(Node Numerator, Node Denominator) : Node;
    sealed record Accent(Node Body, char Mark) : Node;
    sealed record Space(string Text) : Node;

    static Group Parse(string tex)
    {
        int at = 0;
        var items = ParseList(tex, ref at, closing: false);
        return new Group(items);
    }

    static List<Node> ParseList(string tex, ref int at, bool closing)
    {
        var items = new List<Node>();
        while (at < tex.Length)
        {
            var c = tex[at];
            if (c == '}' && closing) { at++; return items; }
            if (c is '^' or '_')
            {
                at++;
                var script = ParseArgument(tex, ref at);
                var last = items.Count > 0 ? items[^1] : new Atom("", Kind.Ord);
                if (items.Count > 0) items.RemoveAt(items.Count - 1);
                items.Add(last is Scripted s
                    ? (c == '^' ? s with { Sup = script } : s with { Sub = script })
                    : new Scripted(last, c == '_' ? script : null, c == '^' ? script : null));
                continue;
            }
            if (ParseOne(tex, ref at) is { } node) items.Add(node);
        }
        return items;
    }

    /// <summary>One token or a braced group (what a script, \sqrt or \frac takes).</summary>
    static Node ParseArgument(string tex, ref int at)
    {
        while (at < tex.Length && tex[at] == ' ') at++;
        if (at >= tex.Length) return new Group([]);
        return ParseOne(tex, ref at, single: true) ?? new Group([]);
    }

    static Node? ParseOne(string tex, ref int at, bool single = false)
    {
        var c = tex[at];
        if (c == '{') { at++; return new Group(ParseList(tex, ref at, closing: true)); }
        if (c == ' ') { at++; return null; }                              // TeX ignores spaces in math
        if (c == '\\') return ParseCommand(tex, ref at);
        if (char.IsLetter(c))
        {
            // A run of letters reads as one italic word; as an argument, TeX takes one letter only.
            int start = at++;
            if (!single) while (at < tex.Length && char.IsLetter(tex[at])) at++;
            return new Atom(tex[start..at], Kind.Text);
        }
        if (char.IsDigit(c) || c == '.')
        {
            int start = at++;
            if (!single) while (at < tex.Length && (char.IsDigit(tex[at]) || tex[at] == '.')) at++;
            return new Atom(tex[start..at], Kind.Ord);
        }
        at++;
        return c switch
        {
            '-' => new Atom("−", Kind.Bin),
            '+' => new Atom("+", Kind.Bin),
            '*' => new Atom("*", Kind.Ord),
            '=' or '<' or '>' => new Atom(c.ToString(), Kind.Rel),
            '(' or '[' => new Atom(c.ToString(), Kind.Open),
            ')' or ']' => new Atom(c.ToString(), Kind.Close),
            ',' or ';' => new Atom(c.ToString(), Kind.Punct),
            '\'' => new Atom("′", Kind.Close),                             // a prime hugs what it follows
            _ => new Atom(c.ToString(), Kind.Ord),
        };
    }

    static Node? ParseCommand(string tex, ref int at)
    {
        at++;                                                             // the backslash
        if (at >= tex.Length) return new Atom("\\", Kind.Ord);
        string name;
        if (char.IsLetter(tex[at])) { int start = at; while (at < tex.Length && char.IsLetter(tex[at])) at++; name = tex[start..at]; }
        else name = tex[at++].ToString();

        if (Symbols.TryGetValue(name, out var symbol)) return new Atom(symbol.Text, symbol.Kind);
        if (Functions.Contains(name)) return new Atom(name, Kind.Function);
        if (Spaces.TryGetValue(name, out var space)) return new Space(space);
        if (Ignored.Contains(name)) return null;
        if (Accents.TryGetValue(name, out var mark)) return new Accent(ParseArgument(tex, ref at), mark);
        if (name == "sqrt") return new Root(ParseArgument(tex, ref at));
        if (name is "frac" or "tfrac" or "dfrac") { var top = ParseArgument(tex, ref at); return new Fraction(top, ParseArgument(tex, ref at)); }
        if (Fonts.Contains(name))
        {
            var words = RawArgument(tex, ref at);
            if (name == "mathbb") words = words switch { "R" => "ℝ", "E" => "𝔼", "N" => "ℕ", "Z" => "ℤ", _ => words };
            return new Atom(words, Kind.Function);
        }
        return new Atom(name, Kind.Function);                            // unknown: its name (UnknownCommands lists it)
    }

    /// <summary>The words of \text{…} and \mathrm{…} as written (a hyphen stays a hyphen), or one letter without braces.</summary>
    static string RawArgument(string tex, ref int at)
    {
        while (at < tex.Length && tex[at] == ' ') at++;
        if (at >= tex.Length) return "";
        if (tex[at] != '{') return tex[at++].ToString();
        int depth = 0, start = at + 1;
        for (; at < tex.Length; at++)
        {
            if (tex[at] == '{') depth++;
            else if (tex[at] == '}' && --depth == 0) break;
        }
        var words = tex[start..Math.Min(at, tex.Length)];
        at = Math.Min(at + 1, tex.Length);
        return words;
    }

    // ---- rendering ----

    static string Render(Group group, bool html)
    {
        var text = RenderList(group.Items, html, inScript: false);
        return MultipleSpaces().Replace(text, " ").Trim();
    }

    [GeneratedRegex("[ \u2009]{2,}")] private static partial Regex MultipleSpaces();

    static string RenderList(IReadOnlyList<Node> items, bool html, bool inScript)
    {
        var text = new StringBuilder();
        Kind? previous = null;
        for (int i = 0; i < items.Count; i++)
        {
            var node = items[i];
            var kind = KindOf(node);
            var body = RenderNode(node, html, inScript);
            if (!inScript)
            {
                var unary = kind == Kind.Bin && previous is null or Kind.Bin or Kind.Rel or Kind.Open or Kind.Punct or Kind.Op;
                if (kind == Kind.Rel || (kind == Kind.Bin && !unary)) body = $" {body} ";
                else if (kind == Kind.Punct) body += " ";
                else if (kind == Kind.Op && previous is Kind.Ord or Kind.Text or Kind.Close) body = " " + body;
                if (previous is Kind.Op or Kind.Function && (kind is Kind.Ord or Kind.Text or Kind.Op or Kind.Function || (kind == Kind.Bin && unary))) body = " " + body;
                else if (kind == Kind.Function && previous is Kind.Ord or Kind.Text or Kind.Close) body = " " + body;
            }
            text.Append(body);
            if (node is not Space) previous = kind;
        }
        return text.ToString();
    }

    static Kind KindOf(Node node) => node switch
    {
        Atom a => a.Kind,
        Scripted s => KindOf(s.Base) is Kind.Op or Kind.Function ? KindOf(s.Base) : Kind.Ord,
        Space => Kind.Ord,
        _ => Kind.Ord,
    };

    static string RenderNode(Node node, bool html, bool inScript) => node switch
    {
        Atom a => AtomText(a, html),
        Space s => s.Text,
        Group g => RenderList(g.Items, html, inScript),
        Accent a => WithMark(RenderNode(a.Body, html, inScript), a.Mark),
        Root r => "√" + Wrapped(r.Body, html, inScript),
        Fraction f => Wrapped(f.Numerator, html, inScript) + "/" + Wrapped(f.Denominator, html, inScript),
        Scripted s => RenderNode(s.Base, html, inScript)
            + (s.Sub is null ? "" : Script(s.Sub, html, superscript: false))
            + (s.Sup is null ? "" : Script(s.Sup, html, superscript: true)),
        _ => "",
    };

    static string AtomText(Atom a, bool html) => !html ? a.Text
        : a.Kind == Kind.Text ? $"<i>{WebUtility.HtmlEncode(a.Text)}</i>"
        : WebUtility.HtmlEncode(a.Text);

    /// <summary>The combining mark goes after the first letter (inside an HTML <c>&lt;i&gt;</c> if there is one).</summary>
    static string WithMark(string body, char mark)
    {
        var letter = body.StartsWith("<i>", StringComparison.Ordinal) ? 3 : 0;
        return body.Length > letter ? body.Insert(letter + 1, mark.ToString()) : body + mark;
    }

    /// <summary>A single symbol as it is; anything longer in parentheses, so √ and / cover all of it.</summary>
    static string Wrapped(Node node, bool html, bool inScript)
    {
        var body = RenderNode(node, html, inScript).Trim();
        return IsSingle(node) ? body : $"({body})";
    }

    static bool IsSingle(Node node) => node switch
    {
        Atom => true,
        Group g => g.Items.Count == 1 ? IsSingle(g.Items[0]) : g.Items.All(i => i is Atom { Kind: Kind.Ord or Kind.Text } || (i is Scripted s && IsSingle(s.Base))),   // ∂L, 2p, W_1x: no parentheses
        Accent a => IsSingle(a.Body),
        Scripted s => IsSingle(s.Base),
        _ => false,
    };

    static string Script(Node node, bool html, bool superscript)
    {
        var body = RenderNode(node, html, inScript: true);
        if (html) return superscript ? $"<sup>{body}</sup>" : $"<sub>{body}</sub>";
        if (superscript && body is "*" or "′") return body;
        // Unicode has raised and lowered forms of digits, signs and some letters: enough for T, 2, -1, t, ij, max.
        var map = superscript ? Superscripts : Subscripts;
        if (body.Length <= 3 && body.All(map.ContainsKey)) return string.Concat(body.Select(ch => map[ch]));
        var mark = superscript ? "^" : "_";
        return body.All(char.IsLetterOrDigit) ? mark + body : $"{mark}({body})";
    }

    static readonly Dictionary<char, char> Superscripts = Pairs("0123456789+−=()ntiTLkxyadebcfghjlmoprsuvwzN*", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿᵗⁱᵀᴸᵏˣʸᵃᵈᵉᵇᶜᶠᵍʰʲˡᵐᵒᵖʳˢᵘᵛʷᶻᴺ*");
    static readonly Dictionary<char, char> Subscripts = Pairs("0123456789+−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ");

    static Dictionary<char, char> Pairs(string plain, string raised) => plain.Zip(raised).ToDictionary(p => p.First, p => p.Second);
}
