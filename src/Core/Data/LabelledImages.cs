using TorchSharp;

namespace NeuralNotebooks.Data;

/// <summary>An image classification data set: train and test parts, images float [N, C, H, W] in [0, 1], labels int64 [N].</summary>
public sealed record LabelledImages(TensorDataset Train, TensorDataset Test, IReadOnlyList<string> ClassNames, string Source)
{
    /// <summary>Reads the four MNIST-format IDX files of a folder (optionally only the first <paramref name="limit"/> examples of each part).</summary>
    public static LabelledImages FromIdxFolder(string folder, IReadOnlyList<string> classNames, string source, int? limit)
    {
        return new LabelledImages(Part("train"), Part("t10k"), classNames, source);

        TensorDataset Part(string prefix)
        {
            using var scope = torch.NewDisposeScope();
            var imagesPath = Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz");
            var labelsPath = Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz");
            var images = Idx.ReadTensor(imagesPath, 3, 28, 28);
            var labels = Idx.ReadTensor(labelsPath, 1);
            if (images.shape[0] != labels.shape[0])
                throw new DataFileException($"{imagesPath} has {images.shape[0]} images but {labelsPath} has {labels.shape[0]} labels.");
            var count = limit is int n ? Math.Min(n, images.shape[0]) : images.shape[0];
            var x = images[..(int)count].unsqueeze(1).to_type(torch.float32).div_(255f);  // (N, 1, 28, 28)
            var y = labels[..(int)count].to_type(torch.int64);                            // (N)
            return new TensorDataset([x, y], $"{source} ({prefix})");
        }
    }
}
