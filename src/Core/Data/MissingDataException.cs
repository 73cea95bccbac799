namespace NeuralNotebooks.Data;

/// <summary>A data set that is not on this machine: the message names the package or path to install and the variable to set.</summary>
public sealed class MissingDataException(string message, Exception? inner = null) : Exception(message, inner);
