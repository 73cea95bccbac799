using Microsoft.DotNet.Interactive.Formatting;
using NeuralNotebooks.Display;
using NeuralNotebooks.Drills;
using NeuralNotebooks.Extension.Directives;
using NeuralNotebooks.Questions;
using NeuralNotebooks.Training;
using TorchSharp;

namespace NeuralNotebooks.Extension;

/// <summary>
/// Registers HTML and plain-text formatters for what notebooks show: tensors and parameters (replacing
/// TorchSharp's own), modules, module summaries, pictures, training histories, interview cards.
/// Every formatter is a call into Core; the plain text is what consoles and the runner print.
/// </summary>
static class Formatters
{
    public static void Register()
    {
        Both<torch.Tensor>(t => TensorSummary.Of(t).ToHtml(), t => TensorSummary.Of(t).ToString());
        Both<TorchSharp.Modules.Parameter>(t => TensorSummary.Of(t).ToHtml(), t => TensorSummary.Of(t).ToString());
        Both<Picture>(p => p.Html, p => p.Text);
        Both<ModuleSummary>(s => s.ToHtml(), s => s.ToString());
        Both<torch.nn.Module>(m => Safe(() => ModuleSummary.Of(m).ToHtml()), m => Safe(() => ModuleSummary.Of(m).ToString()));
        Both<TrainingHistory>(h => PlotlyLibrary.OncePerSession() + TrainingCharts.ToHtml(h), TrainingCharts.ToText);
        Both<InterviewCard>(c => InterviewCardView.ToHtml(c), c => InterviewCardView.ToText(c));
        Both<MagicOutput>(o => o.Html, o => o.Text);
        Both<Prediction>(PredictionView.ToHtml, PredictionView.ToText);
    }

    static void Both<T>(Func<T, string> html, Func<T, string> text)
    {
        Formatter.Register<T>((value, writer) => writer.Write(html(value)), HtmlFormatter.MimeType);
        Formatter.Register<T>((value, writer) => writer.Write(text(value)), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
    }

    static string Safe(Func<string> format)
    {
        try { return format(); }
        catch (Exception e) { return $"(module summary unavailable: {e.Message.Split('\n')[0]})"; }
    }
}
