using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Extension.Directives;

/// <summary>
/// <c>#!seed &lt;int&gt;</c>: seeds torch, CUDA and the shared System.Random so the cells after it repeat exactly. When
/// NEURALNOTEBOOKS_SEED is set (the runner's <c>--seeds</c> does), that seed is used instead, and the output says so.
/// </summary>
public sealed class SeedCommand : KernelDirectiveCommand
{
    public string? Seed { get; set; }
}

static class SeedDirective
{
    public static void AddTo(Kernel kernel)
    {
        var directive = new KernelActionDirective("#!seed")
        {
            Description = "Seed every random source (torch, CUDA, NeuralNotebooks' System.Random) for reproducible cells.",
            Parameters = [new KernelDirectiveParameter("--seed", "A whole number, e.g. 42") { AllowImplicitName = true, Required = true }],
        };
        kernel.AddDirective<SeedCommand>(directive, (command, context) =>
        {
            if (!int.TryParse(command.Seed, out var seed))
            {
                context.Fail(command, message: $"#!seed needs a whole number between {int.MinValue} and {int.MaxValue}, e.g. #!seed 42; got '{command.Seed}'.");
                return Task.CompletedTask;
            }
            SeedChoice choice;
            try { choice = Runtime.Seed.Resolve(seed, Environment.GetEnvironmentVariable(Runtime.Seed.EnvironmentVariable)); }
            catch (ArgumentException e)
            {
                context.Fail(command, message: e.Message);
                return Task.CompletedTask;
            }
            Runtime.Seed.Set(choice.Value);
            var text = System.Net.WebUtility.HtmlEncode(choice.ToString());
            MagicDisplay.Show(context, command, new MagicOutput($"<div class=\"nn-seed\">Seeded torch, CUDA and System.Random with <code>{text}</code>.</div>",
                $"Seeded torch, CUDA and System.Random with {choice}."));
            return Task.CompletedTask;
        });
    }
}
