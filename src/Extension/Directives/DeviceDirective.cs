using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Extension.Directives;

/// <summary><c>#!device [auto|cpu|cuda]</c>: shows the default device with the runtime description, or sets it first.</summary>
public sealed class DeviceCommand : KernelDirectiveCommand
{
    public string? Device { get; set; }
}

static class DeviceDirective
{
    public static void AddTo(Kernel kernel)
    {
        var directive = new KernelActionDirective("#!device")
        {
            Description = "Show the default TorchSharp device and runtime, or set it: auto (CUDA when available), cpu or cuda.",
            Parameters =
            [
                new KernelDirectiveParameter("--device", "auto, cpu or cuda; leave out to just show the current device")
                    { AllowImplicitName = true }.AddCompletions(() => Devices.Choices),
            ],
        };
        kernel.AddDirective<DeviceCommand>(directive, (command, context) =>
        {
            string? reason = null;
            if (!string.IsNullOrWhiteSpace(command.Device))
            {
                if (!MagicErrors.Try(context, command, () => reason = Devices.Use(command.Device).Reason)) return Task.CompletedTask;
            }
            var runtime = RuntimeDescription.Current();
            var text = (reason is null ? "" : reason + Environment.NewLine) + runtime;
            context.Display(new MagicOutput(NeuralNotebooks.Display.RuntimeView.ToHtml(runtime, reason), text));
            return Task.CompletedTask;
        });
    }
}
