using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Tests.Runtime;

/// <summary><see cref="Seed.Resolve"/>: the decision <c>#!seed</c> makes when the runner's <c>--seeds</c> sets NEURALNOTEBOOKS_SEED.</summary>
public class SeedTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Unset_or_blank_keeps_the_notebooks_own_seed(string? environment)
    {
        var choice = Seed.Resolve(0, environment);
        Assert.Equal(new SeedChoice(0, 0, FromEnvironment: false), choice);
        Assert.Equal("0", choice.ToString());
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData(" 7 ", 7)]
    [InlineData("-3", -3)]
    [InlineData("0", 0)]
    public void A_whole_number_overrides_the_notebooks_seed_and_says_so(string environment, int expected)
    {
        var choice = Seed.Resolve(0, environment);
        Assert.Equal(expected, choice.Value);
        Assert.True(choice.FromEnvironment);
        Assert.Equal($"{expected} (NEURALNOTEBOOKS_SEED overrides #!seed 0)", choice.ToString());
    }

    [Theory]
    [InlineData("x")]
    [InlineData("1.5")]
    [InlineData("0,1")]
    [InlineData("99999999999")]
    public void Anything_else_is_one_clear_error_naming_what_is_allowed(string environment)
    {
        var e = Assert.Throws<ArgumentException>(() => Seed.Resolve(0, environment));
        Assert.Equal($"NEURALNOTEBOOKS_SEED must be a whole number between -2147483648 and 2147483647 (e.g. NEURALNOTEBOOKS_SEED=2), or unset; got '{environment}'.", e.Message);
    }
}
