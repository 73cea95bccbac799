namespace NeuralNotebooks.Tests.Data;

/// <summary>A fresh temporary folder per test, deleted afterwards.</summary>
sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nn-tests-" + Guid.NewGuid().ToString("N"));
    public ScratchFolder() => Directory.CreateDirectory(Path);
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
