using System.Text;
using TorchSharp;
using TorchSharp.Modules;

namespace NeuralNotebooks.Training;

/// <summary>
/// One file with the weights of some modules and an optimizer's state (moments, step counts), so a
/// reload continues training exactly where it stopped. Format: a header, the module count, each
/// module's TorchSharp state dict, then a flag and the optimizer's TorchSharp state dict.
/// </summary>
public static class Checkpoint
{
    const string Header = "NeuralNotebooks checkpoint v1";

    public static void Save(string path, IReadOnlyList<torch.nn.Module> modules, torch.optim.Optimizer? optimizer = null)
    {
        var helper = AsHelper(optimizer);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var writer = new BinaryWriter(File.Create(path), Encoding.UTF8);
        writer.Write(Header);
        writer.Write(modules.Count);
        foreach (var module in modules) module.save(writer);
        writer.Write(helper is not null);
        helper?.save_state_dict(writer);
    }

    public static void Save(string path, torch.nn.Module module, torch.optim.Optimizer? optimizer = null) => Save(path, [module], optimizer);

    public static void Load(string path, IReadOnlyList<torch.nn.Module> modules, torch.optim.Optimizer? optimizer = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No checkpoint at {path}.", path);
        var helper = AsHelper(optimizer);
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        string header;
        try { header = reader.ReadString(); } catch (Exception e) when (e is EndOfStreamException or IOException) { header = ""; }
        if (header != Header) throw new InvalidDataException($"{path} is not a NeuralNotebooks checkpoint (its header is not '{Header}').");
        var count = reader.ReadInt32();
        if (count != modules.Count)
            throw new InvalidDataException($"{path} holds {count} module(s) but {modules.Count} were given to load into.");
        foreach (var module in modules) module.load(reader);
        var hasOptimizer = reader.ReadBoolean();
        if (helper is null) return;
        if (!hasOptimizer) throw new InvalidDataException($"{path} holds no optimizer state, but an optimizer was given to load into.");
        helper.load_state_dict(reader);
    }

    public static void Load(string path, torch.nn.Module module, torch.optim.Optimizer? optimizer = null) => Load(path, [module], optimizer);

    static OptimizerHelper? AsHelper(torch.optim.Optimizer? optimizer) => optimizer switch
    {
        null => null,
        OptimizerHelper helper => helper,
        _ => throw new ArgumentException($"{optimizer.GetType().Name} cannot save its state; use one of TorchSharp's optimizers (torch.optim.*)."),
    };
}
