using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.Gan;

/// <summary>
/// DCGAN generator for 28×28 grey images: a noise vector is projected to a 7×7 feature map, then two
/// stride-2 transposed convolutions double the size twice (7 → 14 → 28). BatchNorm + ReLU inside keep the
/// activations well-scaled so the adversarial gradients stay usable; tanh puts pixels in [-1, 1], the
/// range the real images are scaled to.
/// </summary>
#region DcganGenerator
public sealed class DcganGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc;
    private readonly BatchNorm2d bn1;
    private readonly ConvTranspose2d deconv1;
    private readonly BatchNorm2d bn2;
    private readonly ConvTranspose2d deconv2;

    public int LatentSize { get; }
    readonly int width;

    public DcganGenerator(int latentSize = 64, int width = 32) : base(nameof(DcganGenerator))
    {
        LatentSize = latentSize;
        this.width = width;
        fc = nn.Linear(latentSize, 2 * width * 7 * 7, hasBias: false);                               // z → 2w×7×7
        bn1 = nn.BatchNorm2d(2 * width);
        deconv1 = nn.ConvTranspose2d(2 * width, width, 4, stride: 2, padding: 1, bias: false);         // 7 → 14
        bn2 = nn.BatchNorm2d(width);
        deconv2 = nn.ConvTranspose2d(width, 1, 4, stride: 2, padding: 1);                              // 14 → 28
        RegisterComponents();
    }

    public override Tensor forward(Tensor z)
    {
        InputChecks.Vectors(z, nameof(DcganGenerator), LatentSize);
        var x = fc.call(z).view(-1, 2 * width, 7, 7);                  // (N, 2w, 7, 7)
        x = nn.functional.relu(bn1.call(x));
        x = nn.functional.relu(bn2.call(deconv1.call(x)));              // (N, w, 14, 14)
        return torch.tanh(deconv2.call(x));                             // (N, 1, 28, 28)
    }
}
#endregion
