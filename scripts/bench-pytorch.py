#!/usr/bin/env python3
"""The speed issue's step with PyTorch (Debian's python3-torch, 1.13 on OpenBLAS), on this machine.

One training step: zero the gradients, a one-layer torch.nn.LSTM / GRU / RNN (tanh), time-major
[T, B, I], an nn.Linear head on every step, CrossEntropyLoss over O classes at every step,
backward, Adam at 1e-3; float32; torch.set_num_threads(--threads); one fixed random batch;
warm-up, then each timed step alone (median, min, max). Inference: the forward pass with the
head under torch.no_grad(). The JSON has the shape of rnnlab-peers' libtorch JSON (rows with
cell, task, inputs, hidden, batch, steps, outputs, train_ms and infer_ms as median/min/max/n).

  /usr/bin/python3 scripts/bench-pytorch.py [--cell lstm,gru,rnn] [--config I,H,B,T[,O]]...
      [--threads 2] [--warmup 10] [--reps 5] [--json FILE|-]
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time

DEFAULTS = [  # (task, I, H, B, T, O): the six, as rnnlab bench has them
    ("adding", 2, 128, 32, 100, 10),
    ("", 10, 128, 64, 200, 10),
    ("char LM", 65, 256, 32, 100, 65),
    ("pixel MNIST", 1, 128, 64, 784, 10),
    ("", 256, 512, 64, 50, 10),
    ("row MNIST", 28, 128, 128, 28, 10),
]


def parse_config(spec):
    v = [int(p) for p in spec.split(",")]
    if len(v) not in (4, 5) or min(v) < 1:
        raise argparse.ArgumentTypeError("expected I,H,B,T or I,H,B,T,O, got " + spec)
    for task, i, h, b, t, o in DEFAULTS:
        if (i, h, b, t) == tuple(v[:4]):
            return (task, i, h, b, t, v[4] if len(v) == 5 else o)
    return ("", v[0], v[1], v[2], v[3], v[4] if len(v) == 5 else 10)


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def stats(samples):
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "n": len(samples)}


def timed(reps, fn):
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1e3)
    return out


def measure(torch, cell, config, warmup, reps):
    task, n_in, hidden, batch, steps, classes = config
    nn = torch.nn
    torch.manual_seed(1)
    if cell == "lstm":
        rnn = nn.LSTM(n_in, hidden, num_layers=1)
    elif cell == "gru":
        rnn = nn.GRU(n_in, hidden, num_layers=1)
    else:
        rnn = nn.RNN(n_in, hidden, num_layers=1, nonlinearity="tanh")
    head = nn.Linear(hidden, classes)
    params = list(rnn.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(2)
    x = torch.rand(steps, batch, n_in, generator=g)
    y = torch.randint(0, classes, (steps * batch,), generator=g)
    last = {}

    def train():
        opt.zero_grad()
        out, _ = rnn(x)
        logits = head(out).reshape(-1, classes)
        loss = loss_fn(logits, y)
        loss.backward()
        opt.step()
        last["loss"] = loss.item()

    def infer():
        with torch.no_grad():
            out, _ = rnn(x)
            head(out)[0, 0, 0].item()

    for _ in range(warmup):
        train()
        infer()
    train_ms = timed(reps, train)
    infer_ms = timed(reps, infer)
    return {"cell": cell, "task": task, "inputs": n_in, "hidden": hidden, "batch": batch, "steps": steps,
            "outputs": classes, "train_ms": stats(train_ms), "infer_ms": stats(infer_ms),
            "time_steps_per_s": batch * steps / (statistics.median(train_ms) / 1e3), "loss_after": last["loss"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cell", default="lstm,gru,rnn")
    ap.add_argument("--config", action="append", type=parse_config, default=[])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--json")
    a = ap.parse_args()
    cells = [c.strip() for c in a.cell.split(",")]
    for c in cells:
        if c not in ("lstm", "gru", "rnn"):
            ap.error("unknown cell " + c + " (lstm, gru, rnn)")
    if a.reps < 5:
        ap.error("--reps must be at least 5")
    import torch  # after the arguments, so that --help works without it

    load_start = load_average()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    rows = []
    for config in a.config or [(t, i, h, b, s, o) for t, i, h, b, s, o in DEFAULTS]:
        for cell in cells:
            row = measure(torch, cell, config, a.warmup, a.reps)
            rows.append(row)
            print("pytorch %s %d,%d,%d,%d: %.1f ms/step" % ((cell,) + config[1:5] + (row["train_ms"]["median"],)),
                  file=sys.stderr)
    config_text = torch.__config__.show()
    blas = next((p.split("=", 1)[1] for p in config_text.replace(",", " ").split() if p.startswith("BLAS_INFO=")), "?")
    doc = {
        "peer": "pytorch",
        "version": torch.__version__,
        "via": "Python %s, torch.nn modules, Adam; BLAS_INFO=%s (Debian's python3-torch links OpenBLAS)"
               % (platform.python_version(), blas),
        "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "load_average_start": load_start,
                    "load_average_end": load_average()},
        "threads": {"requested": a.threads, "intra_op": torch.get_num_threads(),
                    "inter_op": torch.get_num_interop_threads(), "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
                    "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY")},
        "mkldnn_enabled": torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled,
        "warmup_steps": a.warmup,
        "reps": a.reps,
        "rows": rows,
    }
    text = json.dumps(doc, indent=2) + "\n"
    if a.json == "-":
        sys.stdout.write(text)
        return
    print("PyTorch %s, %s; threads %s; load average %s at start, %s at end"
          % (doc["version"], doc["via"], doc["threads"], load_start, doc["machine"]["load_average_end"]))
    print("%-5s %-16s %4s %9s %-19s %9s" % ("cell", "I,H,B,T", "O", "train ms", " [min, max]", "infer ms"))
    for r in rows:
        t, i = r["train_ms"], r["infer_ms"]
        print("%-5s %-16s %4d %9.2f  [%.2f, %.2f] %9.2f" % (r["cell"], "%d,%d,%d,%d" % (
            r["inputs"], r["hidden"], r["batch"], r["steps"]), r["outputs"], t["median"], t["min"], t["max"], i["median"]))
    if a.json:
        with open(a.json, "w") as f:
            f.write(text)
        print("wrote " + a.json)


if __name__ == "__main__":
    main()
