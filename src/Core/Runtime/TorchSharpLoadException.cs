namespace NeuralNotebooks.Runtime;

/// <summary>TorchSharp could not be loaded; the message says why and what to do, in one paragraph.</summary>
public sealed class TorchSharpLoadException(string message, Exception? inner = null) : Exception(message, inner);
