"""Writes the .npy fixtures read by NpyFileTests. Run with Debian's numpy:
    /usr/bin/python3 tests/Aevlp.ML.Tests/Npy/data/make_npy_fixtures.py
The files are committed; rerun only to change them."""
import os
import numpy as np
from numpy.lib import format as npformat

here = os.path.dirname(os.path.abspath(__file__))


def save(name, array):
    np.save(os.path.join(here, name), array)


save("float32_2x3.npy", np.array([[1.5, -2.0, 3.25], [0.0, 1e-7, -1e30]], dtype="<f4"))
save("float64_3.npy", np.array([np.pi, -0.5, 1e300], dtype="<f8"))
save("float16_2x2.npy", np.array([[0.5, -1.0], [65504.0, 0.0009765625]], dtype="<f2"))
save("int8.npy", np.array([-128, 0, 127], dtype="i1"))
save("int16.npy", np.array([-32768, 1, 32767], dtype="<i2"))
save("int32_2x2.npy", np.array([[-(2**31), 2], [3, 2**31 - 1]], dtype="<i4"))
save("int64.npy", np.array([-(2**63), 0, 2**63 - 1], dtype="<i8"))
save("uint8.npy", np.array([0, 128, 255], dtype="u1"))
save("bool.npy", np.array([True, False, True]))
save("strings.npy", np.array(["2008_000008.jpg", "train2014/COCO_1.jpg", "ü€😀"]))
save("labels_obs_4x3.npy", np.array([[1, 0, -1], [0, 1, 0], [0, 0, 1], [-1, 1, 0]], dtype=np.float32))
save("empty_0x5.npy", np.zeros((0, 5), dtype=np.float32))
save("scalar.npy", np.float64(42.0))

# Format versions 2.0 and 3.0 (numpy picks them only for huge or non-latin-1 headers; force them here).
for version in [(2, 0), (3, 0)]:
    with open(os.path.join(here, f"version{version[0]}.npy"), "wb") as f:
        npformat.write_array(f, np.arange(6, dtype="<i4").reshape(2, 3), version=version)

# Files every reader must reject with a clear message.
save("fortran.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
save("bigendian.npy", np.array([1.0, 2.0], dtype=">f8"))
save("complex.npy", np.array([1 + 2j], dtype="<c8"))
with open(os.path.join(here, "float32_2x3.npy"), "rb") as f:
    whole = f.read()
with open(os.path.join(here, "truncated.npy"), "wb") as f:
    f.write(whole[:-5])
