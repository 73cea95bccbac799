using TorchSharp;

namespace NeuralNotebooks.Runtime;

/// <summary>
/// The one way inputs meet a model in this course: <c>model.call(x.On(model))</c>. Notebooks must run unchanged on
/// CUDA, where a CPU tensor fed to a GPU model is an error; writing the placement at the call makes that impossible.
/// </summary>
public static class TensorPlacement
{
    /// <summary><paramref name="tensor"/> on <paramref name="model"/>'s device (<see cref="Devices.Of"/>); the tensor itself when it is already there.</summary>
    public static torch.Tensor On(this torch.Tensor tensor, torch.nn.Module model)
    {
        var device = Devices.Of(model);
        return tensor.device_type == device.type && (device.index < 0 || tensor.device_index == device.index) ? tensor : tensor.to(device);
    }
}
