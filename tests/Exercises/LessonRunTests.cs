using NeuralNotebooks.Exercises.DenoisingAutoencoder;
using NeuralNotebooks.Exercises.DenoisingCnn;
using NeuralNotebooks.Exercises.Gan;
using NeuralNotebooks.Exercises.ImageTranslationGan;
using NeuralNotebooks.Exercises.SuperResolutionGan;
using NeuralNotebooks.Runtime;
using TorchSharp;
using static NeuralNotebooks.Tests.Exercises.ModelTestKit;

namespace NeuralNotebooks.Tests.Exercises;

/// <summary>Each lesson end to end on tiny synthetic data and tiny sizes: it runs through the Core trainer and reports sane numbers.</summary>
public class LessonRunTests
{
    static torch.Tensor Blobs(int n, int side)
    {
        // Bright rectangles at varying places: some structure to learn, in [0, 1].
        var images = torch.zeros(n, 1, side, side);
        for (var i = 0; i < n; i++) images[i, 0, (i % 5)..(i % 5 + side / 2), (i % 7)..(i % 7 + side / 3)] = torch.tensor(0.9f);
        return images;
    }

    static torch.Tensor Photo()
    {
        var y = torch.linspace(0, 1, 64).view(1, 64, 1);
        var x = torch.linspace(0, 1, 128).view(1, 1, 128);
        return torch.cat([(x * y).expand(1, 64, 128), (0.5 + 0.4 * torch.sin(x * 20)).expand(1, 64, 128), y.expand(1, 64, 128)], 0);
    }

    [Fact]
    public void The_gan_lesson_records_both_losses_and_one_sample_grid_per_epoch()
    {
        Seed.Set(0);
        var result = GanLesson.Train(Blobs(128, 28), new GanSettings(TrainImages: 128, Epochs: 2, BatchSize: 32, LatentSize: 8, Width: 4), torch.CPU);
        Assert.Equal(2, result.SamplesPerEpoch.Count);
        AssertShape(result.SamplesPerEpoch[0], GanLesson.GridSamples, 1, 28, 28);
        Assert.Equal(8, result.History.Steps.Count);
        Assert.Contains("d_loss", result.History.StepMetricNames);
        Assert.Contains("g_loss", result.History.StepMetricNames);
    }

    [Fact]
    public void The_denoising_autoencoder_lesson_reports_psnr_on_held_out_images()
    {
        Seed.Set(0);
        var result = DenoisingAutoencoderLesson.Train(Blobs(64, 28), Blobs(16, 28), new DenoisingAutoencoderSettings(64, 16, Epochs: 1, BatchSize: 16, Width: 4, Bottleneck: 2), torch.CPU);
        Assert.InRange(result.NoisyPsnr, 5, 30);
        Assert.True(double.IsFinite(result.DenoisedPsnr));
        AssertShape(result.ExampleDenoised, 8, 1, 28, 28);
    }

    [Fact]
    public void The_denoising_cnn_lesson_trains_on_photo_patches_and_reports_the_gain()
    {
        Seed.Set(0);
        var result = DenoisingCnnLesson.Train([Photo()], new DenoisingCnnSettings(TrainPatches: 64, PatchSize: 8, Epochs: 1, BatchSize: 16, Width: 4, Depth: 3), torch.CPU);
        Assert.True(double.IsFinite(result.Improvement));
        Assert.Equal(result.DenoisedPsnr - result.NoisyPsnr, result.Improvement, 9);
        AssertShape(result.ExampleClean, 6, 1, 16, 16);
    }

    [Fact]
    public void The_super_resolution_lesson_compares_with_bicubic_on_held_out_patches()
    {
        Seed.Set(0);
        var result = SuperResolutionGanLesson.Train([Photo()], new SuperResolutionGanSettings(TrainPatches: 32, PatchSize: 16, Epochs: 1, BatchSize: 8, Width: 4, ResidualBlocks: 1), torch.CPU);
        Assert.InRange(result.BicubicPsnr, 10, 60);
        Assert.True(double.IsFinite(result.ModelPsnr));
        AssertShape(result.ExampleSuperResolved, 6, 3, 16, 16);
        AssertShape(result.ExampleLowRes, 6, 3, 8, 8);
    }

    [Fact]
    public void The_translation_lesson_compares_with_painting_the_average_image()
    {
        Seed.Set(0);
        var result = ImageTranslationGanLesson.Train(Blobs(64, 28), Blobs(16, 28), new ImageTranslationGanSettings(64, 16, Epochs: 1, BatchSize: 16, Width: 4), torch.CPU);
        Assert.InRange(result.MeanImageL1, 0.01, 1);
        Assert.True(double.IsFinite(result.TestL1));
        AssertShape(result.ExampleEdges, 8, 1, 28, 28);
    }
}
