"""PyTorch side of the NeuralNotebooks benchmark: the same five models as the C# side (the Core exercise
models, rebuilt here op for op), the same sizes, dtype and thread count. Prints JSON timings (ms per step).

usage: python3 pytorch_steps.py '{"threads": 2, "warmup": 5, "iterations": {"mlp": 100, ...}, "models": ["mlp", ...]}'
"""
import json, math, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F


class MlpClassifier(nn.Module):           # Exercises/SimpleNetwork/MlpClassifier: Linear → tanh → Linear
    def __init__(self, inputs, hidden, classes):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(inputs, hidden), nn.Linear(hidden, classes)
    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))


class ConvBnRelu(nn.Module):              # Exercises/CnnClassifier/ConvBnRelu
    def __init__(self, cin, cout):
        super().__init__()
        self.conv, self.bn = nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout)
    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class FashionCnn(nn.Module):              # Exercises/CnnClassifier/FashionCnn
    def __init__(self, width=32, hidden=128, classes=10, dropout=0.4):
        super().__init__()
        self.block1, self.block2 = ConvBnRelu(1, width), ConvBnRelu(width, width)
        self.block3, self.block4 = ConvBnRelu(width, 2 * width), ConvBnRelu(2 * width, 2 * width)
        self.dropout1, self.fc1 = nn.Dropout(dropout / 2), nn.Linear(2 * width * 7 * 7, hidden)
        self.dropout2, self.fc2 = nn.Dropout(dropout), nn.Linear(hidden, classes)
    def forward(self, x):
        x = F.max_pool2d(self.block2(self.block1(x)), 2)
        x = F.max_pool2d(self.block4(self.block3(x)), 2)
        x = self.dropout1(torch.flatten(x, 1))
        return self.fc2(self.dropout2(F.relu(self.fc1(x))))


class LstmClassifier(nn.Module):          # Exercises/RnnClassifier/RecurrentClassifier(Lstm): packed sequences
    def __init__(self, vocab, embedding, hidden, classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding, padding_idx=0)
        self.rnn, self.fc = nn.LSTM(embedding, hidden, batch_first=True), nn.Linear(hidden, classes)
    def forward(self, tokens, lengths):
        packed = nn.utils.rnn.pack_padded_sequence(self.embedding(tokens), lengths.cpu(), batch_first=True, enforce_sorted=False)
        _, (h, _) = self.rnn(packed)
        return self.fc(h[-1])


def positional_table(d, length):          # Exercises/Transformer/PositionalEncoding (interleaved sin, cos)
    position = torch.arange(length, dtype=torch.float32).unsqueeze(1)
    frequency = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
    angles = position * frequency
    return torch.stack([torch.sin(angles), torch.cos(angles)], dim=2).view(length, d)


class MultiHeadAttention(nn.Module):      # Exercises/Transformer/MultiHeadAttention + ScaledDotProductAttention
    def __init__(self, d, heads, dropout):
        super().__init__()
        self.heads, self.head = heads, d // heads
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = (nn.Linear(d, d) for _ in range(4))
        self.attn_dropout = nn.Dropout(dropout)
    def split(self, x):
        return x.view(x.shape[0], x.shape[1], self.heads, self.head).transpose(1, 2)
    def forward(self, q, k, v, allowed):
        q, k, v = self.split(self.q_proj(q)), self.split(self.k_proj(k)), self.split(self.v_proj(v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
        blocked = allowed.logical_not()
        weights = scores.masked_fill(blocked, torch.finfo(scores.dtype).min).softmax(-1).masked_fill(blocked, 0.0)
        heads = self.attn_dropout(weights) @ v
        merged = heads.transpose(1, 2).contiguous().view(heads.shape[0], heads.shape[2], heads.shape[1] * heads.shape[3])
        return self.out_proj(merged)


class FeedForward(nn.Module):
    def __init__(self, d, hidden, dropout):
        super().__init__()
        self.fc1, self.dropout, self.fc2 = nn.Linear(d, hidden), nn.Dropout(dropout), nn.Linear(hidden, d)
    def forward(self, x):
        return self.fc2(self.dropout(F.relu(self.fc1(x))))


class PreNormBlock(nn.Module):            # EncoderLayer, and DecoderLayer without cross-attention: same ops
    def __init__(self, d, heads, hidden, dropout):
        super().__init__()
        self.norm1, self.attn, self.dropout1 = nn.LayerNorm(d), MultiHeadAttention(d, heads, dropout), nn.Dropout(dropout)
        self.norm2, self.ff, self.dropout2 = nn.LayerNorm(d), FeedForward(d, hidden, dropout), nn.Dropout(dropout)
    def forward(self, x, allowed):
        h = self.norm1(x)
        x = x + self.dropout1(self.attn(h, h, h, allowed))
        return x + self.dropout2(self.ff(self.norm2(x)))


class TransformerTextClassifier(nn.Module):   # Exercises/TransformerClassifier
    def __init__(self, vocab, classes, max_len, d, heads, layers, hidden, dropout):
        super().__init__()
        self.scale = math.sqrt(d)
        self.embedding = nn.Embedding(vocab, d, padding_idx=0)
        self.register_buffer("pe", positional_table(d, max_len).unsqueeze(0), persistent=False)
        self.dropout = nn.Dropout(dropout)
        self.layers = nn.ModuleList(PreNormBlock(d, heads, hidden, dropout) for _ in range(layers))
        self.norm, self.classifier = nn.LayerNorm(d), nn.Linear(d, classes)
    def forward(self, tokens):
        allowed = tokens.ne(0).view(tokens.shape[0], 1, 1, tokens.shape[1])
        x = self.dropout(self.embedding(tokens) * self.scale + self.pe[:, :tokens.shape[1]])
        for layer in self.layers:
            x = layer(x, allowed)
        h = self.norm(x)
        real = tokens.ne(0).unsqueeze(-1).to(h.dtype)
        return self.classifier((h * real).sum(1) / real.sum(1).clamp_min(1))


class TinyGpt(nn.Module):                 # Exercises/TinyGpt/TinyGptModel
    def __init__(self, vocab, context, d, heads, layers, hidden, dropout):
        super().__init__()
        self.scale = math.sqrt(d)
        self.tok_embed = nn.Embedding(vocab, d)
        self.register_buffer("pe", positional_table(d, context).unsqueeze(0), persistent=False)
        self.dropout = nn.Dropout(dropout)
        self.blocks = nn.ModuleList(PreNormBlock(d, heads, hidden, dropout) for _ in range(layers))
        self.norm, self.lm_head = nn.LayerNorm(d), nn.Linear(d, vocab)
    def forward(self, tokens):
        t = tokens.shape[1]
        causal = torch.ones(t, t, dtype=torch.bool).tril().view(1, 1, t, t)
        x = self.dropout(self.tok_embed(tokens) * self.scale + self.pe[:, :t])
        for block in self.blocks:
            x = block(x, causal)
        return self.lm_head(self.norm(x))


def lengths_for(batch, t):                # shared with the C# side: 50, 49, ..., 41, 50, ...
    return torch.tensor([t - (i % 10) for i in range(batch)], dtype=torch.int64)


def padded_tokens(batch, t, vocab, lengths):
    tokens = torch.randint(1, vocab, (batch, t))
    positions = torch.arange(t).view(1, t)
    return tokens.masked_fill(positions >= lengths.view(-1, 1), 0)


def build(name, s):
    b = s["batch"]
    if name == "mlp":
        m = MlpClassifier(784, 256, 10)
        x, y = torch.randn(b, 784), torch.randint(0, 10, (b,))
        return m, (lambda: m(x)), y
    if name == "cnn":
        m = FashionCnn(32, 128, 10, 0.4)
        x, y = torch.randn(b, 1, 28, 28), torch.randint(0, 10, (b,))
        return m, (lambda: m(x)), y
    if name == "lstm":
        m = LstmClassifier(1000, 64, 128, 2)
        lengths = lengths_for(b, s["length"])
        tokens, y = padded_tokens(b, s["length"], 1000, lengths), torch.randint(0, 2, (b,))
        return m, (lambda: m(tokens, lengths)), y
    if name == "transformer":
        m = TransformerTextClassifier(1000, 2, s["length"], 128, 4, 2, 512, 0.1)
        lengths = lengths_for(b, s["length"])
        tokens, y = padded_tokens(b, s["length"], 1000, lengths), torch.randint(0, 2, (b,))
        return m, (lambda: m(tokens)), y
    if name == "gpt":
        m = TinyGpt(128, s["length"], 128, 4, 4, 512, 0.1)
        tokens, y = torch.randint(0, 128, (b, s["length"])), torch.randint(0, 128, (b * s["length"],))
        return m, (lambda: m(tokens).view(-1, 128)), y
    raise SystemExit(f"unknown model {name}")


def timed(step, warmup, iterations):
    for _ in range(warmup):
        step()
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        step()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def blas_core():
    """The kernel family OpenBLAS chose (e.g. SkylakeX, Haswell, Prescott), read from the library torch loaded."""
    import ctypes
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "libopenblas" in line})
    if not paths:
        return "not OpenBLAS"
    lib = ctypes.CDLL(paths[0])
    lib.openblas_get_corename.restype = ctypes.c_char_p
    return f"OpenBLAS {lib.openblas_get_corename().decode()} kernels, {lib.openblas_get_num_threads()} threads"


def fused_copy(model):
    """FashionCnn with each conv-BN pair folded by PyTorch's own fuse_conv_bn_eval (the model must be in eval mode)."""
    import copy
    from torch.nn.utils.fusion import fuse_conv_bn_eval
    fused = copy.deepcopy(model)
    for block in (fused.block1, fused.block2, fused.block3, fused.block4):
        block.conv, block.bn = fuse_conv_bn_eval(block.conv, block.bn), nn.Identity()
    return fused


def cnn_models(batch):
    """Exercise 8's FashionCnn in eval mode, its fused copy, and one input batch."""
    torch.manual_seed(0)
    model = FashionCnn(32, 128, 10, 0.4).eval()
    return model, fused_copy(model), torch.randn(batch, 1, 28, 28)


def cnn_variant_step(name, model, fused, x):
    """One forward of a CnnInference.cs variant: "unfused|fused, no_grad|inference_mode"."""
    net = fused if name.startswith("fused") else model
    mode = torch.inference_mode if name.endswith("inference_mode") else torch.no_grad

    def step():
        with mode():
            net(x)
    return step


def serve_cnn_inference(spec):
    """Timing on request, so the C# side can interleave the runtimes block by block in one run: each stdin line
    "<variant>\t<n>" runs one untimed call and n timed ones and answers with a JSON list of milliseconds."""
    model, fused, x = cnn_models(spec["batch"])
    steps = {}
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas_core": blas_core()}), flush=True)
    for line in sys.stdin:
        name, n = line.rstrip("\n").split("\t")
        step = steps.setdefault(name, cnn_variant_step(name, model, fused, x))
        print(json.dumps(timed(step, 1, int(n))), flush=True)


def cnn_ops(spec):
    """CnnInference.Ops's list on this side: each op of the unfused forward alone at its real shape, no_grad."""
    s = spec["cnn_inference"]
    b, warmup, n = s["batch"], spec["warmup"], s["iterations"]
    torch.manual_seed(0)
    x = torch.randn(b, 1, 28, 28)
    ops = []
    with torch.no_grad():
        def add(name, op, inp):
            ops.append((name, lambda: op(inp)))
            return op(inp)
        for cin, cout, size in ((1, 32, 28), (32, 32, 28), (32, 64, 14), (64, 64, 14)):
            w = torch.randn(cout, cin, 3, 3) * 0.1
            mean, var, gamma, beta = torch.randn(cout), torch.rand(cout) + 0.5, torch.rand(cout) + 0.5, torch.randn(cout)
            x = add(f"conv {cin}→{cout} @{size}", lambda t, w=w: F.conv2d(t, w, padding=1), x)
            x = add(f"batch_norm {cout} @{size}", lambda t, a=(mean, var, gamma, beta): F.batch_norm(t, a[0], a[1], a[2], a[3], training=False), x)
            x = add(f"relu {cout} @{size}", F.relu, x)
            if cin == cout:
                x = add(f"max_pool 2 {cout} @{size}", lambda t: F.max_pool2d(t, 2), x)
        x = torch.flatten(x, 1)
        w1, b1, w2, b2 = torch.randn(128, 64 * 49) * 0.01, torch.randn(128), torch.randn(10, 128) * 0.1, torch.randn(10)
        x = add("linear 3136→128", lambda t: F.linear(t, w1, b1), x)
        x = add("relu 128", F.relu, x)
        add("linear 128→10", lambda t: F.linear(t, w2, b2), x)
        op_times = {name: timed(op, warmup, n) for name, op in ops}
    return {"ops": op_times}


def main():
    spec = json.loads(sys.argv[1])
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(0)
    if "serve_cnn_inference" in spec:
        serve_cnn_inference(spec["serve_cnn_inference"])
        return
    if "cnn_inference" in spec:
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas_core": blas_core(), **cnn_ops(spec)}))
        return
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas_core": blas_core(), "results": {}}
    for name in spec["models"]:
        s = spec["sizes"][name]
        model, forward, y = build(name, s)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

        def train_step():
            model.train()
            optimizer.zero_grad()
            loss = F.cross_entropy(forward(), y)
            loss.backward()
            optimizer.step()

        def infer_step():
            model.eval()
            with torch.no_grad():
                forward()

        n = s["iterations"]
        out["results"][name] = {"train": timed(train_step, spec["warmup"], n), "infer": timed(infer_step, spec["warmup"], n)}
    if spec.get("matmul"):
        a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
        out["matmul"] = timed(lambda: a @ b, 3, spec["matmul"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
