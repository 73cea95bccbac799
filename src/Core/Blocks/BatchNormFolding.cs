using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// A model that can give an inference copy of itself with its BatchNorm layers folded into the preceding
/// convolutions. TorchSharp cannot copy an arbitrary module, and a model's forward calls its private fields, so a
/// custom module takes part by rebuilding itself from <see cref="BatchNormFolding.Fold"/> of its children
/// (usually one line: a private constructor that takes the folded parts).
/// </summary>
public interface IBatchNormFoldable
{
    /// <summary>A new module, in eval mode, computing what this one computes in eval mode, without BatchNorm layers.</summary>
    nn.Module<Tensor, Tensor> FoldBatchNorm();
}

/// <summary>
/// Folds every Conv1d/Conv2d → BatchNorm1d/2d pair of a model in eval mode into one convolution, in a copy.
/// With frozen statistics BatchNorm is the affine map y = γ·(z − μ)/√(σ² + ε) + β of the convolution's output
/// z = w∗x + b, so with s = γ/√(σ² + ε) per output channel the pair is one convolution with
/// w' = w·s and b' = (b − μ)·s + β: one pass over the activations less, and the same outputs up to rounding.
/// What is folded: <see cref="Sequential"/> containers (a BatchNorm right after a convolution in the same
/// Sequential), modules that implement <see cref="IBatchNormFoldable"/>, and copies of Conv1d/Conv2d/Linear;
/// parameter-free layers are reused, Dropout (the identity in eval mode) becomes Identity. Anything else that
/// holds parameters is refused with its name: its forward is code we cannot see, so no pairing can be inferred.
/// </summary>
public static class BatchNormFolding
{
    /// <summary>The folded inference copy of <paramref name="model"/>; the model itself is not changed.</summary>
    public static nn.Module<Tensor, Tensor> Fold(nn.Module<Tensor, Tensor> model)
    {
        var training = model.named_modules().Prepend(("", (nn.Module)model)).FirstOrDefault(m => m.Item2.training);
        if (training.Item2 is not null)
            throw new InvalidOperationException(
                $"Cannot fold BatchNorm: {Describe(training.Item1, training.Item2)} is in training mode, where BatchNorm " +
                "normalises with each batch's own statistics, so there is no fixed affine map to fold. Call model.eval() first.");
        using var noGrad = torch.no_grad();
        var folded = FoldModule("", model);
        folded.eval();
        return folded;
    }

    /// <summary>One convolution equal to <paramref name="conv"/> followed by <paramref name="bn"/> in eval mode (new parameters).</summary>
    public static Convolution FoldPair(Convolution conv, BatchNorm bn)
    {
        if (bn.running_mean is null || bn.running_var is null)
            throw new InvalidOperationException("Cannot fold a BatchNorm without running statistics (track_running_stats: false): it always uses batch statistics.");
        if (bn.num_features != conv.out_channels)
            throw new InvalidOperationException($"Cannot fold a BatchNorm over {bn.num_features} channels into a convolution with {conv.out_channels} outputs.");
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        // In float64, so that the folded weights are rounded to float32 once.
        var scale = (bn.weight is null ? torch.ones_like(bn.running_var) : bn.weight.to(float64))
                    / (bn.running_var.to(float64) + bn.eps).sqrt();                                   // (C) γ/√(σ²+ε)
        var bias = conv.bias is null ? torch.zeros_like(scale) : conv.bias.to(float64);
        var shift = bn.bias is null ? torch.zeros_like(scale) : bn.bias.to(float64);
        var viewShape = new long[conv.weight!.dim()];
        Array.Fill(viewShape, 1L);
        viewShape[0] = -1;
        var folded = CopyConvolution(conv, bias: true);
        folded.weight!.copy_(conv.weight.to(float64) * scale.view(viewShape));                        // w·s
        folded.bias!.copy_((bias - bn.running_mean.to(float64)) * scale + shift);                     // (b − μ)·s + β
        return folded;
    }

    static nn.Module<Tensor, Tensor> FoldModule(string path, nn.Module<Tensor, Tensor> module)
    {
        switch (module)
        {
            case IBatchNormFoldable foldable:
                return foldable.FoldBatchNorm();
            case Sequential sequential:
                return FoldSequential(path, sequential);
            case Conv1d or Conv2d:
                return CopyConvolution((Convolution)module, bias: ((Convolution)module).bias is not null);
            case Linear linear:
                return CopyLinear(linear);
            case BatchNorm bn:
                throw NotAfterConvolution(path, bn, previous: null);
            case Dropout or Dropout1d or Dropout2d or Dropout3d or AlphaDropout or FeatureAlphaDropout:
                return nn.Identity();                                            // the identity in eval mode
            default:
                if (!module.parameters().Any() && !module.buffers().Any()) return module;   // stateless: safe to share
                throw new NotSupportedException(
                    $"Cannot fold {Describe(path, module)}: it holds parameters, and its forward is its own code, so which layer " +
                    $"feeds which cannot be read from it. Make it implement {nameof(IBatchNormFoldable)}, or build it from Sequential.");
        }
    }

    static Sequential FoldSequential(string path, Sequential sequential)
    {
        var children = sequential.named_children().Select(c => (c.name, module: (nn.Module<Tensor, Tensor>)c.module)).ToArray();
        var folded = nn.Sequential();
        for (var i = 0; i < children.Length; i++)
        {
            var (name, child) = children[i];
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            if (child is Conv1d or Conv2d && i + 1 < children.Length && children[i + 1].module is BatchNorm next)
            {
                if ((child is Conv1d && next is not BatchNorm1d) || (child is Conv2d && next is not BatchNorm2d))
                    throw new InvalidOperationException($"Cannot fold {Describe(childPath, child)} with the {next.GetType().Name} after it: their dimensions differ.");
                folded.append(name, FoldPair((Convolution)child, next));
                i++;                                                             // the BatchNorm is gone
            }
            else if (child is BatchNorm bn)
                throw NotAfterConvolution(childPath, bn, previous: i == 0 ? null : children[i - 1].module);
            else
                folded.append(name, FoldModule(childPath, child));
        }
        return folded;
    }

    static Exception NotAfterConvolution(string path, BatchNorm bn, nn.Module? previous) => new InvalidOperationException(
        $"Cannot fold {Describe(path, bn)}: it is not preceded by a convolution " +
        $"({(previous is null ? "nothing comes before it in its container" : $"it follows a {previous.GetType().Name}")}), so there are no weights to fold it into.");

    static string Describe(string path, nn.Module module) =>
        path.Length == 0 ? $"the model ({module.GetType().Name})" : $"'{path}' ({module.GetType().Name})";

    static Convolution CopyConvolution(Convolution conv, bool bias)
    {
        var device = conv.weight!.device;
        var dtype = conv.weight.dtype;
        var (input, output, groups, mode) = (conv.in_channels, conv.out_channels, conv.groups, conv.padding_mode);
        Convolution copy = conv switch
        {
            Conv1d => conv.padding_type is { } p1
                ? nn.Conv1d(input, output, conv.kernel_size[0], p1, conv.stride[0], conv.dilation[0], mode, groups, bias, device, dtype)
                : nn.Conv1d(input, output, conv.kernel_size[0], conv.stride[0], conv.padding![0], conv.dilation[0], mode, groups, bias, device, dtype),
            Conv2d => conv.padding_type is { } p2
                ? nn.Conv2d(input, output, (conv.kernel_size[0], conv.kernel_size[1]), p2, (conv.stride[0], conv.stride[1]),
                    (conv.dilation[0], conv.dilation[1]), mode, groups, bias, device, dtype)
                : nn.Conv2d(input, output, (conv.kernel_size[0], conv.kernel_size[1]), (conv.stride[0], conv.stride[1]),
                    (conv.padding![0], conv.padding[1]), (conv.dilation[0], conv.dilation[1]), mode, groups, bias, device, dtype),
            _ => throw new NotSupportedException($"Only Conv1d and Conv2d are folded, not {conv.GetType().Name}."),
        };
        using var noGrad = torch.no_grad();
        copy.weight!.copy_(conv.weight);
        if (bias && conv.bias is not null) copy.bias!.copy_(conv.bias);
        return copy;
    }

    static Linear CopyLinear(Linear linear)
    {
        var weight = linear.weight!;
        var copy = nn.Linear(weight.shape[1], weight.shape[0], hasBias: linear.bias is not null, device: weight.device, dtype: weight.dtype);
        using var noGrad = torch.no_grad();
        copy.weight!.copy_(weight);
        if (linear.bias is not null) copy.bias!.copy_(linear.bias);
        return copy;
    }
}
