using NeuralNotebooks.Training;
using TorchSharp;

namespace NeuralNotebooks.Tests.Training;

public class ClassicalDenoisersTests
{
    [Fact]
    public void The_gaussian_kernel_sums_to_one_is_symmetric_and_peaks_in_the_middle()
    {
        var kernel = ClassicalDenoisers.GaussianKernel(1.0);
        Assert.Equal(new long[] { 5, 5 }, kernel.shape);                  // radius ⌈2σ⌉ = 2
        Assert.Equal(1.0, kernel.sum().item<float>(), 5);
        Assert.True(kernel.allclose(kernel.flip(0)) && kernel.allclose(kernel.t()));
        Assert.Equal(kernel.max().item<float>(), kernel[2, 2].item<float>());
    }

    [Fact]
    public void Both_filters_leave_a_constant_image_unchanged()
    {
        var constant = torch.full(2, 3, 9, 11, 0.4f);
        Assert.True(ClassicalDenoisers.GaussianBlur(constant, 1.4).allclose(constant, atol: 1e-6));
        Assert.True(ClassicalDenoisers.Median(constant, 5).allclose(constant));
    }

    [Fact]
    public void The_median_removes_a_single_salt_pixel_that_the_blur_only_spreads()
    {
        var image = torch.full(1, 1, 7, 7, 0.2f);
        image[0, 0, 3, 3] = torch.tensor(1f);
        Assert.True(ClassicalDenoisers.Median(image, 3).allclose(torch.full(1, 1, 7, 7, 0.2f)));
        var blurred = ClassicalDenoisers.GaussianBlur(image, 1.0);
        Assert.True(blurred[0, 0, 3, 3].item<float>() > 0.25f && blurred[0, 0, 3, 4].item<float>() > 0.2001f);
    }

    [Fact]
    public void The_blur_is_a_weighted_mean_of_the_neighbourhood()
    {
        torch.manual_seed(0);
        var x = torch.rand(1, 1, 8, 8);
        var kernel = ClassicalDenoisers.GaussianKernel(0.5);            // 3×3
        var expected = (x[0, 0, 3..6, 3..6] * kernel).sum().item<float>();
        Assert.Equal(expected, ClassicalDenoisers.GaussianBlur(x, 0.5)[0, 0, 4, 4].item<float>(), 5);
    }

    [Fact]
    public void The_choice_on_validation_beats_the_noisy_input_and_prefers_the_median_for_salt_noise()
    {
        torch.manual_seed(0);
        var grid = torch.linspace(0, 3.14f, 16);
        var clean = 0.5 + 0.3 * torch.sin(grid.view(1, 1, 16, 1) * torch.arange(1, 9).view(8, 1, 1, 1) / 3) * torch.cos(grid.view(1, 1, 1, 16));
        var gaussian = (clean + 0.15 * torch.randn_like(clean)).clamp(0, 1);
        var choice = ClassicalDenoisers.ChooseOnValidation(gaussian, clean);
        Assert.True(choice.BestValidationPsnr > Metrics.Psnr(gaussian, clean) + 3, choice.ToString());
        Assert.Equal(ClassicalDenoisers.Sigmas.Length + ClassicalDenoisers.Windows.Length, choice.Candidates.Count);

        var salt = clean.where(torch.rand_like(clean) > 0.1, torch.ones_like(clean));   // 10 % of pixels set to white
        Assert.StartsWith("median", ClassicalDenoisers.ChooseOnValidation(salt, clean).Best.Name);
    }

    [Fact]
    public void Filters_reject_what_is_not_a_batch_of_images()
    {
        Assert.Contains("[N, C, H, W]", Assert.Throws<ArgumentException>(() => ClassicalDenoisers.GaussianBlur(torch.rand(8, 8), 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassicalDenoisers.Median(torch.rand(1, 1, 8, 8), 4));
    }
}
