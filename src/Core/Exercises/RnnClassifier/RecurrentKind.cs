namespace NeuralNotebooks.Exercises.RnnClassifier;

/// <summary>Which recurrent layer a classifier uses: the plain tanh RNN or one of the gated ones.</summary>
public enum RecurrentKind { Rnn, Gru, Lstm }
