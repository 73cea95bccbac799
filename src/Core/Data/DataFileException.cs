namespace NeuralNotebooks.Data;

/// <summary>A data file that exists but is not what it should be (bad magic number, truncated, wrong shape, unparsable).</summary>
public sealed class DataFileException(string message, Exception? inner = null) : Exception(message, inner);
