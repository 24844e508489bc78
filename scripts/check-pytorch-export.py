#!/usr/bin/python3
"""Checks that PyTorch itself accepts what `rnnlab export` writes, and that `rnnlab predict` and
`rnnlab import` agree with PyTorch. A developer check: CI has no PyTorch, so it is not a test.

Run with Debian's PyTorch (apt-get install python3-torch), from the repository root:
    /usr/bin/python3 scripts/check-pytorch-export.py
For each reference model of make-pytorch-reference.py (RNN tanh/relu, LSTM, GRU; 1 and 2 layers):
  1. `rnnlab export` with no prefix and no readout: nn.RNN/LSTM/GRU(...).load_state_dict(strict=True);
  2. `rnnlab export --prefix rnn. --readout-name fc`: the script's Model(rnn, fc) loads it strictly;
  3. PyTorch's outputs and final states (float64, from x, h0 and c0) against `rnnlab predict` on the
     exported file with float64 input, and on the file `rnnlab import` makes of the export;
  4. padded sequences: pack_padded_sequence / pad_packed_sequence against `rnnlab predict --lengths`.
Prints one line per case and exits 1 on any mismatch.
"""
import importlib.util
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch

REF = "rnnlab-core/src/test/resources/rnnlab/model/pytorch"
NUMPY = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32}
CASES = [("rnn_tanh_1", "rnn", "tanh"), ("rnn_relu_2", "rnn", "relu"), ("lstm_1", "lstm", None),
         ("lstm_2", "lstm", None), ("gru_1", "gru", None), ("gru_2", "gru", None)]
TOLERANCE = 1e-12

spec = importlib.util.spec_from_file_location("reference", os.path.join(os.path.dirname(__file__), "make-pytorch-reference.py"))
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)


def load_file(path):
    """safetensors.torch.load_file, from the format's specification; returns (tensors, metadata)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    metadata = header.pop("__metadata__", {})
    body = data[8 + n:]
    tensors = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        array = np.frombuffer(body[begin:end], dtype=NUMPY[e["dtype"]]).reshape(e["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors, metadata


def rnnlab(*args):
    subprocess.run(["./rnnlab", *args], check=True, stdout=subprocess.DEVNULL)


def module(kind, nonlinearity, inputs, hidden, layers):
    if kind == "rnn":
        return torch.nn.RNN(inputs, hidden, layers, nonlinearity=nonlinearity)
    return getattr(torch.nn, kind.upper())(inputs, hidden, layers)


def check_case(name, kind, nonlinearity, tmp):
    relu = ["--rnn-relu"] if nonlinearity == "relu" else []
    io, _ = load_file(os.path.join(REF, name + ".io.safetensors"))
    x, h0 = io["x"].double(), io["h0"].double()
    layers, inputs, hidden = h0.shape[0], x.shape[2], h0.shape[2]
    state = (h0, io["c0"].double()) if kind == "lstm" else h0
    bare, full = os.path.join(tmp, name + ".bare.safetensors"), os.path.join(tmp, name + ".full.safetensors")
    rnnlab("export", "--model", os.path.join(REF, name + ".model.safetensors"), *relu, "--output", bare)
    rnnlab("export", "--model", os.path.join(REF, name + ".model.safetensors"), *relu, "--output", full,
           "--prefix", "rnn.", "--readout-name", "fc")

    rnn = module(kind, nonlinearity, inputs, hidden, layers)
    rnn.load_state_dict(load_file(bare)[0], strict=True)
    model = reference.Model(kind, inputs, hidden, layers, io["output"].shape[2], nonlinearity or "tanh")
    model.load_state_dict(load_file(full)[0], strict=True)
    rnn, model = rnn.double(), model.double()
    with torch.no_grad():
        hidden_out, final = rnn(x, state)
        _, out, _ = model(x, state)

    np.save(os.path.join(tmp, "x.npy"), x.numpy())
    np.save(os.path.join(tmp, "h0.npy"), h0.numpy())
    flags = ["--input", os.path.join(tmp, "x.npy"), "--h0", os.path.join(tmp, "h0.npy")]
    if kind == "lstm":
        np.save(os.path.join(tmp, "c0.npy"), io["c0"].double().numpy())
        flags += ["--c0", os.path.join(tmp, "c0.npy")]
    imported = os.path.join(tmp, name + ".imported.safetensors")
    rnnlab("import", "--input", full, "--output", imported)  # no --rnn-relu: the export's metadata says it
    errors = {}
    for label, path, expected in [("bare export", bare, hidden_out), ("full export", full, out), ("imported", imported, out)]:
        y, fin = os.path.join(tmp, "y.npy"), os.path.join(tmp, "final.npz")
        rnnlab("predict", "--model", path, *flags, "--output", y, "--final-state", fin)
        errors[label] = float(np.abs(np.load(y) - expected.numpy()).max())
        h_n = final[0] if kind == "lstm" else final
        errors[label + " h_n"] = float(np.abs(np.load(fin)["h_n"] - h_n.numpy()).max())
    # Padded sequences: PyTorch's pack_padded_sequence / pad_packed_sequence against --lengths.
    lengths = torch.tensor([x.shape[0], 2, x.shape[0] - 1, 1][:x.shape[1]])
    packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=False)
    with torch.no_grad():
        padded_out, padded_final = rnn(packed, state)
    padded_out, _ = torch.nn.utils.rnn.pad_packed_sequence(padded_out, total_length=x.shape[0])
    np.save(os.path.join(tmp, "lengths.npy"), lengths.numpy())
    y, fin = os.path.join(tmp, "y.npy"), os.path.join(tmp, "final.npz")
    rnnlab("predict", "--model", bare, *flags, "--lengths", os.path.join(tmp, "lengths.npy"), "--output", y, "--final-state", fin)
    errors["lengths"] = float(np.abs(np.load(y) - padded_out.numpy()).max())
    h_n = padded_final[0] if kind == "lstm" else padded_final
    errors["lengths h_n"] = float(np.abs(np.load(fin)["h_n"] - h_n.numpy()).max())
    worst = max(errors.values())
    print(f"{name}: strict load_state_dict ok (bare {type(rnn).__name__}, and Model(rnn, fc)); lengths checked; "
          f"max |rnnlab - PyTorch| = {worst:.2e} ({'ok' if worst <= TOLERANCE else 'MISMATCH'})")
    return worst <= TOLERANCE


def main():
    torch.set_default_dtype(torch.float32)
    with tempfile.TemporaryDirectory() as tmp:
        ok = all([check_case(name, kind, nonlinearity, tmp) for name, kind, nonlinearity in CASES])
    print("torch", torch.__version__, "- all agree" if ok else "- MISMATCHES above")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
