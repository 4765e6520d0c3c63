"""The file layout: a ZIP archive of ``model.json`` and one ``.npy`` member per array.

Layout
------
``model.json``
    UTF-8 JSON: the format name and version, library versions, the user's
    metadata, the model description and the number of arrays ``n_arrays``.
``arrays/0.npy`` ... ``arrays/{n_arrays - 1}.npy``
    NumPy ``.npy`` files (no object dtypes), referenced from the JSON by
    index.

Every member is stored uncompressed, so no member is larger than the file
and memory while loading is bounded by the file size plus the parsed JSON.
Before anything is read, the limits below are checked against what the ZIP
directory and each ``.npy`` header declare, and what was declared must
match what is there (sizes, CRC-32).

Writing goes to a temporary file in the destination folder, which is then
renamed into place: an interrupted save leaves the old file or the whole new
one, never half of one.
"""

import os
import stat
import tempfile
import zipfile

import numpy as np

from ._errors import ModelFileError

JSON_MEMBER = "model.json"
#: Largest ``model.json`` accepted, in bytes.
MAX_JSON_BYTES = 64 * 2**20
#: Most members in the archive.
MAX_MEMBERS = 100_000
#: Most dimensions of one array.
MAX_ARRAY_NDIM = 8
#: Largest ``.npy`` header, in bytes (NumPy's own default).
MAX_NPY_HEADER_BYTES = 10_000
#: dtype kinds an array may have: bool, int, unsigned, float, unicode string.
ARRAY_KINDS = "biufU"

LIMITS = {
    "max_json_bytes": MAX_JSON_BYTES,
    "max_members": MAX_MEMBERS,
    "max_array_ndim": MAX_ARRAY_NDIM,
    "max_npy_header_bytes": MAX_NPY_HEADER_BYTES,
    "array_dtype_kinds": ARRAY_KINDS,
}


def array_member(index):
    """The member name of array number ``index``."""
    return f"arrays/{index}.npy"


# ------------------------------------------------------------------ writing


def write_container(path, json_bytes, arrays, *, overwrite):
    """Write the archive to ``path`` through a temporary file and a rename.

    Parameters
    ----------
    path : str or path-like
    json_bytes : bytes
        The encoded ``model.json``.
    arrays : list of ndarray
        Written as ``arrays/{i}.npy``.
    overwrite : bool
        Whether an existing file at ``path`` may be replaced.
    """
    path = os.fspath(path)
    _check_destination(path, overwrite)
    folder = os.path.dirname(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(
        dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            _write_zip(stream, json_bytes, arrays)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        _move_into_place(temporary, path, overwrite)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise


def _check_destination(path, overwrite):
    if os.path.islink(path):
        raise ValueError(
            f"{path!r} is a symbolic link; skmultinet.save never writes through one. "
            "Save to the link's target path, or remove the link."
        )
    if os.path.isdir(path):
        raise IsADirectoryError(f"{path!r} is a directory; give a file name such as model.skmn.")
    if os.path.exists(path) and not overwrite:
        raise FileExistsError(
            f"{path!r} already exists; pass overwrite=True to replace it."
        )


def _write_zip(stream, json_bytes, arrays):
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        archive.writestr(_stored_info(JSON_MEMBER), json_bytes)
        for index, values in enumerate(arrays):
            with archive.open(_stored_info(array_member(index)), "w",
                              force_zip64=values.nbytes > 2**31) as member:
                np.lib.format.write_array(member, values, allow_pickle=False)


def _stored_info(name):
    # A fixed timestamp: the same model gives the same bytes.
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


def _move_into_place(temporary, path, overwrite):
    if overwrite:
        os.replace(temporary, path)  # replaces a file, or a link, never writes through it
        return
    try:
        # A hard link fails if the path appeared meanwhile: no race with another writer.
        os.link(temporary, path)
    except FileExistsError:
        raise FileExistsError(
            f"{path!r} already exists; pass overwrite=True to replace it.") from None
    except OSError:  # a file system without hard links
        if os.path.lexists(path):
            raise FileExistsError(
                f"{path!r} already exists; pass overwrite=True to replace it.") from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# ------------------------------------------------------------------ reading

# What a damaged archive or .npy member raises inside zipfile and NumPy.
_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError,
                OverflowError, NotImplementedError, UnicodeDecodeError, OSError,
                RuntimeError, TypeError, IndexError, SyntaxError, MemoryError)


class Container:
    """An open model file: its JSON bytes and its arrays, read on demand.

    Parameters
    ----------
    stream : binary file
        The open file, positioned anywhere.
    file_size : int
    """

    def __init__(self, stream, file_size):
        self._file_size = file_size
        try:
            self._archive = zipfile.ZipFile(stream, "r")
            infos = self._archive.infolist()
        except _READ_ERRORS as error:
            raise ModelFileError(f"not a model file (not a readable ZIP archive: {error})") from None
        if len(infos) > MAX_MEMBERS:
            raise ModelFileError(f"the archive has {len(infos)} members; at most {MAX_MEMBERS} "
                                 "are allowed")
        self._infos = {}
        for info in infos:
            if info.filename in self._infos:
                raise ModelFileError(f"the archive holds {info.filename!r} twice")
            self._check_member(info)
            self._infos[info.filename] = info
        self._cache = {}

    def _check_member(self, info):
        name = info.filename
        if info.compress_type != zipfile.ZIP_STORED:
            raise ModelFileError(f"member {name!r} is compressed; model files store members "
                                 "uncompressed")
        if info.flag_bits & 0x1:
            raise ModelFileError(f"member {name!r} is encrypted")
        if info.file_size != info.compress_size:
            raise ModelFileError(f"member {name!r} declares {info.file_size} bytes but stores "
                                 f"{info.compress_size}")
        if info.header_offset + info.compress_size > self._file_size:
            raise ModelFileError(f"member {name!r} declares {info.compress_size} bytes, more "
                                 f"than the file's {self._file_size}")

    def close(self):
        self._archive.close()

    def check_members(self, n_arrays):
        """Refuse missing and extra members: exactly ``model.json`` and ``n_arrays`` arrays."""
        expected = {JSON_MEMBER, *(array_member(index) for index in range(n_arrays))}
        missing = sorted(expected - set(self._infos), key=_natural)
        extra = sorted(set(self._infos) - expected, key=_natural)
        if missing:
            raise ModelFileError(f"the archive lacks {_names(missing)}")
        if extra:
            raise ModelFileError(f"the archive holds unexpected members {_names(extra)}")

    def json_bytes(self):
        """The bytes of ``model.json``, at most :data:`MAX_JSON_BYTES`."""
        info = self._infos.get(JSON_MEMBER)
        if info is None:
            raise ModelFileError(f"not a model file (no {JSON_MEMBER} member)")
        if info.file_size > MAX_JSON_BYTES:
            raise ModelFileError(f"{JSON_MEMBER} is {info.file_size} bytes; at most "
                                 f"{MAX_JSON_BYTES} are allowed")
        try:
            with self._archive.open(info) as member:
                data = member.read(MAX_JSON_BYTES + 1)
                member.read(1)  # at the end: the CRC-32 is checked
        except _READ_ERRORS as error:
            raise ModelFileError(f"{JSON_MEMBER} cannot be read: {error}") from None
        if len(data) != info.file_size:
            raise ModelFileError(f"{JSON_MEMBER} is not the size its directory entry declares")
        return data

    def array(self, index):
        """Array number ``index``, checked against the limits before it is read."""
        if index not in self._cache:
            self._cache[index] = self._read_array(array_member(index))
        return self._cache[index]

    def _read_array(self, name):
        info = self._infos[name]
        try:
            with self._archive.open(info) as member:
                dtype, shape, header_size = _array_header(member, name)
            _check_array_size(name, dtype, shape, info.file_size - header_size)
            with self._archive.open(info) as member:
                values = np.lib.format.read_array(member, allow_pickle=False,
                                                  max_header_size=MAX_NPY_HEADER_BYTES)
                if member.read(1):
                    raise ModelFileError(f"{name} has bytes after its array")
        except ModelFileError:
            raise
        except _READ_ERRORS as error:
            raise ModelFileError(f"{name} is not a valid .npy array: {error}") from None
        if values.dtype != dtype or values.shape != shape:
            raise ModelFileError(f"{name} does not hold what its header declares")
        return values


def _array_header(member, name):
    """``(dtype, shape, header_size)`` from a ``.npy`` header, checked."""
    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        header = np.lib.format.read_array_header_1_0(member, MAX_NPY_HEADER_BYTES)
    elif version in ((2, 0), (3, 0)):
        header = np.lib.format.read_array_header_2_0(member, MAX_NPY_HEADER_BYTES)
    else:
        raise ModelFileError(f"{name} has an unknown .npy version {version}")
    shape, _, dtype = header
    if dtype.hasobject or dtype.fields is not None or dtype.kind not in ARRAY_KINDS:
        raise ModelFileError(f"{name} has dtype {dtype}; only bool, integer, float and "
                             "string arrays are allowed (never objects)")
    if len(shape) > MAX_ARRAY_NDIM:
        raise ModelFileError(f"{name} has {len(shape)} dimensions; at most "
                             f"{MAX_ARRAY_NDIM} are allowed")
    return dtype, shape, member.tell()


def _check_array_size(name, dtype, shape, data_bytes):
    """The declared shape must fill exactly the member's stored bytes."""
    declared = dtype.itemsize
    for length in shape:
        declared *= length  # Python ints: no overflow
    if declared != data_bytes:
        raise ModelFileError(f"{name} declares shape {shape} of {dtype} ({declared} bytes) but "
                             f"holds {data_bytes} bytes of data")


def _natural(name):
    digits = "".join(ch for ch in name if ch.isdigit())
    return (len(digits), digits, name)


def _names(names):
    shown = ", ".join(repr(name) for name in names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")
