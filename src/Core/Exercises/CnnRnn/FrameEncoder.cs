using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.CnnRnn;

/// <summary>
/// The per-frame CNN: two conv blocks, then a 4×4 adaptive pool so WHERE things are in the frame survives
/// into the feature vector (a global average would throw away the position a motion task needs).
/// (N, C, H, W) → (N, features).
/// </summary>
public sealed class FrameEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Linear fc;

    public FrameEncoder(long channels, long features) : base(nameof(FrameEncoder))
    {
        conv1 = nn.Conv2d(channels, 16, kernel_size: 3, padding: 1);
        bn1 = nn.BatchNorm2d(16);
        conv2 = nn.Conv2d(16, 32, kernel_size: 3, padding: 1);
        bn2 = nn.BatchNorm2d(32);
        pool = nn.AdaptiveAvgPool2d(4);
        fc = nn.Linear(32 * 4 * 4, features);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = nn.functional.max_pool2d(nn.functional.relu(bn1.call(conv1.call(x))), 2);   // (N, 16, H/2, W/2)
        x = nn.functional.max_pool2d(nn.functional.relu(bn2.call(conv2.call(x))), 2);   // (N, 32, H/4, W/4)
        x = pool.call(x).flatten(1);                                                    // (N, 512)
        return nn.functional.relu(fc.call(x));                                          // (N, features)
    }
}
