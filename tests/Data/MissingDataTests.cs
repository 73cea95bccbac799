using NeuralNotebooks.Data;

namespace NeuralNotebooks.Tests.Data;

public class MissingDataTests
{
    [Fact]
    public void A_missing_data_set_names_the_package_the_variable_and_where_it_looked()
    {
        using var folder = new ScratchFolder();
        var e = Assert.Throws<MissingDataException>(() => DataLocations.Require("Fashion-MNIST", FashionMnist.Variable,
            "Install it with `sudo apt-get install dataset-fashion-mnist`.", [folder.Path], "train-images-idx3-ubyte.gz"));
        Assert.Equal(
            $"Fashion-MNIST is not on this machine. Install it with `sudo apt-get install dataset-fashion-mnist`. " +
            $"Or set NEURALNOTEBOOKS_FASHION_MNIST to a folder holding train-images-idx3-ubyte.gz. Looked in: {folder.Path}.", e.Message);
    }

    [Fact]
    public void The_data_sets_own_variable_is_searched_first_then_the_root_override()
    {
        var candidates = DataLocations.Candidates("NEURALNOTEBOOKS_TEST_UNSET_VARIABLE", "thing", "/usr/share/thing");
        Assert.Equal("/usr/share/thing", candidates[0]);
        Assert.EndsWith(Path.Combine("data", "thing"), candidates[^1]);
    }
}
