"""Loading damaged or hostile files: always ModelFileError, memory bounded."""

import io
import json
import struct
import zipfile

import numpy as np
import pytest

from skmultinet import load
from skmultinet.io import ModelFileError, _container


def _members(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path, members):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _edit_json(members, edit):
    document = json.loads(members["model.json"])
    edit(document)
    return {**members, "model.json": json.dumps(document).encode()}


def _npy(values):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, values, allow_pickle=True)
    return buffer.getvalue()


def _kernel_index(document):
    """Array index of the first kernel of the inner network."""
    fitted = document["model"]["fitted"]["estimator_"]["fitted"]
    return fitted["coefs_"][0]["ref"]


def _bad_files(valid, tmp_path):
    members = _members(valid)
    data = valid.read_bytes()

    nested = _edit_json(members, lambda d: d.update(model="NEST"))
    nested["model.json"] = nested["model.json"].replace(
        b'"NEST"', b"[" * 100_000 + b"]" * 100_000)
    cases = {
        "truncated": data[: len(data) // 2],
        "random bytes": np.random.default_rng(0).bytes(4096),
        "empty": b"",
        "missing member": {k: v for k, v in members.items() if k != "arrays/0.npy"},
        "extra member": {**members, "evil.py": b"import os"},
        "no json": {k: v for k, v in members.items() if k != "model.json"},
        "json not utf-8": {**members, "model.json": b"\xff\xfe{"},
        "json list": {**members, "model.json": b"[]"},
        "wrong format": _edit_json(members, lambda d: d.update(format="pickle")),
        "future version": _edit_json(members, lambda d: d.update(format_version=99)),
        "n_arrays string": _edit_json(members, lambda d: d.update(n_arrays="3")),
        "model string": _edit_json(members, lambda d: d.update(model="os.system")),
        "unknown class": _edit_json(members, lambda d: d["model"].update({"class": "Popen"})),
        "params list": _edit_json(members, lambda d: d["model"].update(params=[1])),
        "bad param": _edit_json(members, lambda d: d["model"]["params"].update(cv="x")),
        "unknown param": _edit_json(members, lambda d: d["model"]["params"].update(evil=1)),
        "bad ref": _edit_json(members, lambda d: d["model"]["fitted"]["estimator_"]["fitted"][
            "coefs_"][0].update(ref=10**9)),
        "deeply nested": nested,
        "object dtype": {**members, "arrays/0.npy": _npy(np.array([{}, 1], dtype=object))},
        "huge declared array": {**members, "arrays/0.npy": _huge_header()},
    }
    document = json.loads(members["model.json"])
    kernel = f"arrays/{_kernel_index(document)}.npy"
    cases["kernel shape"] = {**members, kernel: _npy(np.zeros((3, 2), np.float32))}
    cases["kernel ints"] = {**members, kernel: _npy(np.zeros((5, 8), np.int64))}
    for name, content in cases.items():
        path = tmp_path / f"{name.replace(' ', '_')}.skmn"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            _write(path, content)
        yield name, path


def _huge_header():
    """A .npy header declaring 10**12 float64 elements over 16 bytes of data."""
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }"
    header = header.ljust(118) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + bytes(16)


def test_damaged_files_raise_model_file_error(saved_optimizer, tmp_path):
    """Every damaged or hostile file raises ModelFileError with a message."""
    _, valid = saved_optimizer
    for name, path in _bad_files(valid, tmp_path):
        with pytest.raises(ModelFileError) as caught:
            load(path)
            pytest.fail(f"{name} loaded")
        assert str(caught.value), name


def test_a_kernel_that_does_not_fit_the_layers_is_named(saved_optimizer, tmp_path):
    """The message of a shape mismatch says which array and what was expected."""
    _, valid = saved_optimizer
    files = dict(_bad_files(valid, tmp_path))
    with pytest.raises(ModelFileError, match=r"coefs_\[0\].*expected shape \(5, 8\)"):
        load(files["kernel shape"])
    with pytest.raises(ModelFileError, match="1000000000000"):
        load(files["huge declared array"])
    with pytest.raises(ModelFileError, match="object"):
        load(files["object dtype"])


def test_a_member_declaring_a_huge_size_is_refused_before_reading(saved_optimizer, tmp_path):
    """A directory entry claiming more bytes than the file holds is refused."""
    _, valid = saved_optimizer
    data = bytearray(valid.read_bytes())
    central = data.rindex(b"PK\x01\x02")  # the last member's directory entry
    data[central + 20:central + 28] = struct.pack("<II", 2**31, 2**31)
    path = tmp_path / "huge.skmn"
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="declares"):
        load(path)


def test_an_oversized_json_is_refused_before_reading(saved_optimizer, tmp_path, monkeypatch):
    """model.json beyond MAX_JSON_BYTES is refused from its declared size."""
    _, valid = saved_optimizer
    members = _members(valid)
    monkeypatch.setattr(_container, "MAX_JSON_BYTES", 2**20)
    path = _write(tmp_path / "big.skmn",
                  {**members, "model.json": members["model.json"] + b" " * 3 * 2**20})
    with pytest.raises(ModelFileError, match="at most"):
        load(path)


def test_compressed_members_are_refused(saved_optimizer, tmp_path):
    """Compressed members could expand beyond the file: refused (zip bombs)."""
    _, valid = saved_optimizer
    path = tmp_path / "deflated.skmn"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in _members(valid).items():
            archive.writestr(name, data)
    with pytest.raises(ModelFileError, match="compressed"):
        load(path)


def test_mutated_files_load_correctly_or_raise_model_file_error(saved_optimizer, tmp_path):
    """Seeded fuzz: flipped, truncated or inserted bytes never raise anything else."""
    model, valid = saved_optimizer
    data = valid.read_bytes()
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 5))
    expected = model.predict_proba(X)
    outcomes = {"error": 0, "loaded": 0}
    path = tmp_path / "mutated.skmn"
    for _ in range(400):
        mutated = bytearray(data)
        for _ in range(rng.integers(1, 4)):
            at = int(rng.integers(len(mutated)))
            action = rng.integers(3)
            if action == 0:
                mutated[at] ^= 1 << int(rng.integers(8))
            elif action == 1:
                del mutated[at:at + int(rng.integers(1, 64))]
            else:
                mutated[at:at] = rng.bytes(int(rng.integers(1, 16)))
        path.write_bytes(bytes(mutated))
        try:
            loaded = load(path)
        except ModelFileError:
            outcomes["error"] += 1
            continue
        outcomes["loaded"] += 1
        np.testing.assert_array_equal(loaded.predict_proba(X), expected)
    assert outcomes["error"] > 300, outcomes
