"""Writes the reference files that rnnlab.io's tests read, with numpy and safetensors themselves.

Run from this directory: python3 make_reference_files.py (needs numpy; the safetensors file
needs the safetensors package, pip install safetensors). The outputs are committed, so the
tests need neither. NpyReferenceTest and friends spell out the same values.
"""
import numpy as np
import numpy.lib.format as fmt

f4 = (np.arange(6, dtype=np.float32) * 0.5 - 1).reshape(2, 3)
f8 = np.array(-2.5, dtype=np.float64)
i4 = np.zeros((0, 3), dtype=np.int32)
i8 = np.array([-1, 2**40, 3, -2**62], dtype=np.int64)
u1 = np.array([[0, 255], [7, 128]], dtype=np.uint8)
cube = np.arange(24, dtype=np.float32).reshape(2, 3, 4)

np.save("f4_2x3.npy", f4)
np.save("f8_scalar.npy", f8)
np.save("i4_0x3.npy", i4)
np.save("i8_4.npy", i8)
np.save("u1_2x2.npy", u1)
np.save("f4_fortran_2x3x4.npy", np.asfortranarray(cube))
np.save("f8_big_endian_3.npy", np.array([1.5, -2.0, 3.0], dtype=">f8"))
np.save("i4_big_endian_fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype=">i4").reshape(2, 3)))
for version in [(2, 0), (3, 0)]:
    with open("f4_2x3_v%d.npy" % version[0], "wb") as f:
        fmt.write_array(f, f4, version=version)

np.savez("arrays.npz", weight=f4, bias=np.array([0.25, -0.5, 1.0]), step=np.array(7, dtype=np.int64))
np.savez_compressed("arrays_compressed.npz", weight=f4, bias=np.array([0.25, -0.5, 1.0]), step=np.array(7, dtype=np.int64))

try:
    from safetensors.numpy import save_file
except ImportError:
    print("safetensors not installed: model.safetensors not written")
else:
    save_file({"weight": f4, "ids": np.array([3, -4], dtype=np.int64), "empty": np.zeros((0, 2), dtype=np.uint8),
               "scale": np.array(0.125, dtype=np.float64), "count": np.array([1, 2, 3], dtype=np.int32)},
              "model.safetensors", metadata={"format": "np", "note": "rnnlab reference"})
