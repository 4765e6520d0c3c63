"""A small, fast reader for ARFF files (Weka, MULAN, MEKA).

Only what multi-label benchmarks need: ``@relation``, ``@attribute`` of type
numeric / real / integer / nominal / string, ``%`` comments, dense rows and
sparse rows ``{index value, ...}``, missing values ``?``. The reader knows
nothing about labels: :mod:`skmultinet.datasets` decides which attributes are
labels (MULAN XML file, MEKA ``-C n``) and splits the matrix.

Encoding of values
------------------
- numeric attributes: the number; ``?`` is NaN.
- nominal attributes whose declared values are all numbers (``{0,1}``,
  ``{2,10,1}``): the number itself, so ``{0,1}`` labels read as 0/1.
- other nominal attributes (``{red,green}``): the 0-based position of the
  value in the declaration (``red`` -> 0, ``green`` -> 1).
- string and date attributes: kept as text in :attr:`ArffData.strings`, NaN
  in the numeric matrix.
- sparse rows: an omitted value is the attribute's encoded *first* value,
  which is 0 for numeric and ``{0,1}`` attributes (ARFF's rule: omitted means
  "index 0"); an index given twice in a row is an error.

Attribute names must be unique: new data are matched to a model by name.
Which value of a label attribute means "positive" is decided by the caller
(:mod:`skmultinet.datasets._arff_files`), by value, not by position.
"""

import re
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

NUMERIC_TYPES = ("numeric", "real", "integer")
_TEXT_TYPES = ("string", "date")


class ArffError(ValueError):
    """An ARFF file that cannot be read; the message names the file and line."""


@dataclass
class ArffAttribute:
    """One ``@attribute`` declaration.

    Attributes
    ----------
    name : str
        Attribute name, unquoted.
    kind : {"numeric", "nominal", "string", "date"}
        Its type.
    values : list of str
        Declared values of a nominal attribute; empty otherwise.
    """

    name: str
    kind: str
    values: list = field(default_factory=list)

    def encoding(self):
        """Map each declared nominal value to its number (see module docstring)."""
        try:
            return {value: float(value) for value in self.values}
        except ValueError:
            return {value: float(position) for position, value in enumerate(self.values)}


@dataclass
class ArffData:
    """The content of an ARFF file.

    Attributes
    ----------
    relation : str
        The ``@relation`` name (MEKA stores its ``-C n`` option there).
    attributes : list of ArffAttribute
        Declarations in file order.
    values : ndarray or scipy.sparse.csr_matrix of shape (n_rows, n_attributes)
        Encoded values: dense for dense files, CSR for sparse files.
    strings : dict of int to list of str
        Raw text of the string / date attributes, by attribute position.
    """

    relation: str
    attributes: list
    values: object
    strings: dict


def _unquote(token):
    """Strip ARFF quotes and backslash escapes (``'Swainson\\'s Thrush'``)."""
    token = token.strip()
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "'\"":
        token = re.sub(r"\\(.)", r"\1", token[1:-1])
    return token


def _split_fields(text, separator=","):
    """Split on ``separator`` outside quotes; fields are stripped, not unquoted."""
    if "'" not in text and '"' not in text:
        return [part.strip() for part in text.split(separator)]
    fields, current, quote, escaped = [], [], None, False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quote:
            current.append(char)
            escaped = True
        elif quote:
            current.append(char)
            quote = None if char == quote else quote
        elif char in "'\"":
            current.append(char)
            quote = char
        elif char == separator:
            fields.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    fields.append("".join(current).strip())
    return fields


_NAME = r"""('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|\S+)"""
_ATTRIBUTE = re.compile(r"@attribute\s+" + _NAME + r"\s+(.*)$", re.IGNORECASE)


def _parse_attribute(line, where):
    """Parse one ``@attribute`` line into an :class:`ArffAttribute`."""
    match = _ATTRIBUTE.match(line)
    if match is None:
        raise ArffError(f"{where}: malformed @attribute declaration: {line!r}")
    name, kind = _unquote(match.group(1)), match.group(2).strip()
    if kind.startswith("{"):
        if not kind.endswith("}"):
            raise ArffError(f"{where}: nominal values of {name!r} do not end with '}}'")
        values = [_unquote(value) for value in _split_fields(kind[1:-1]) if value != ""]
        return ArffAttribute(name, "nominal", values)
    kind = kind.split()[0].lower()
    if kind in NUMERIC_TYPES:
        return ArffAttribute(name, "numeric")
    if kind in _TEXT_TYPES:
        return ArffAttribute(name, kind)
    raise ArffError(
        f"{where}: attribute {name!r} has unsupported type {kind!r} "
        f"(expected numeric, real, integer, string, date or {{nominal values}})"
    )


def _add_attribute(attributes, declared, line, where, max_attributes):
    """Append one declaration; a repeated name or one too many is an error.

    ``declared`` maps the names so far to where they were declared.
    """
    attribute = _parse_attribute(line, where)
    if attribute.name in declared:
        raise ArffError(f"{where}: attribute {attribute.name!r} is declared again (first at "
                        f"{declared[attribute.name]}); every attribute needs its own name")
    declared[attribute.name] = where.rsplit(", ", 1)[-1]
    attributes.append(attribute)
    if max_attributes is not None and len(attributes) > max_attributes:
        raise ArffError(
            f"{where}: more than {max_attributes} attributes, the limit on feature columns; "
            f"if the file is right, raise the limit (max_features= in Python, "
            f"--max-features on the command line)."
        )


def _read_header(lines, path, max_attributes=None):
    """Read declarations up to ``@data``; return relation, attributes, data start."""
    relation, attributes, declared = "", [], {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        keyword = line.split(None, 1)[0].lower()
        if keyword == "@relation":
            relation = _unquote(line.split(None, 1)[1]) if " " in line else ""
        elif keyword == "@attribute":
            _add_attribute(attributes, declared, line, f"{path}, line {number}",
                           max_attributes)
        elif keyword == "@data":
            if not attributes:
                raise ArffError(f"{path}, line {number}: @data before any @attribute")
            return relation, attributes, number
        else:
            raise ArffError(
                f"{path}, line {number}: expected @relation, @attribute or @data, "
                f"found {line[:60]!r}"
            )
    raise ArffError(f"{path}: no @data section (is this an ARFF file?)")


class _Decoder:
    """Turn the text of one value into a float, attribute by attribute."""

    def __init__(self, attributes):
        self.attributes = attributes
        self.encodings = [
            attribute.encoding() if attribute.kind == "nominal" else None
            for attribute in attributes
        ]
        self.text_columns = {
            position
            for position, attribute in enumerate(attributes)
            if attribute.kind in _TEXT_TYPES
        }
        self.defaults = np.array(
            [
                self.encodings[j][a.values[0]] if a.kind == "nominal" and a.values else 0.0
                for j, a in enumerate(attributes)
            ]
        )

    def decode(self, column, text, where):
        if text == "?":
            return np.nan
        encoding = self.encodings[column]
        if encoding is not None:
            value = encoding.get(_unquote(text))
            if value is None:
                raise ArffError(
                    f"{where}: value {text!r} is not declared for nominal attribute "
                    f"{self.attributes[column].name!r} ({', '.join(self.attributes[column].values)})"
                )
            return value
        if column in self.text_columns:
            return np.nan
        try:
            return float(text)
        except ValueError:
            raise ArffError(
                f"{where}: {text!r} is not a number (attribute "
                f"{self.attributes[column].name!r})"
            ) from None


def _dense_rows(rows, decoder, path, strings):
    """Decode dense rows into an (n_rows, n_attributes) float array."""
    n_attributes = len(decoder.attributes)
    simple = not decoder.text_columns and all(e is None for e in decoder.encodings)
    values = np.empty((len(rows), n_attributes))
    for row, (number, line) in enumerate(rows):
        where = f"{path}, line {number}"
        fields = line.split(",") if simple else _split_fields(line)
        if len(fields) != n_attributes:
            raise ArffError(
                f"{where}: {len(fields)} values, but {n_attributes} attributes are declared"
            )
        if simple:
            try:
                values[row] = np.array(fields, dtype=float)
                continue
            except ValueError:
                pass  # a '?' or a bad number: decode one by one for the message
        values[row] = [decoder.decode(j, text, where) for j, text in enumerate(fields)]
        for j in decoder.text_columns:
            strings[j].append(_unquote(fields[j]))
    return values


def _sparse_rows(rows, decoder, path, strings):
    """Decode sparse rows ``{index value, ...}`` into a CSR matrix."""
    n_attributes = len(decoder.attributes)
    indptr, indices, data = [0], [], []
    filled = np.flatnonzero(decoder.defaults)  # omitted entries that are not 0
    for number, line in rows:
        where = f"{path}, line {number}"
        if not line.endswith("}"):
            raise ArffError(f"{where}: sparse row does not end with '}}'")
        body = line[1:-1].strip()
        given = {}
        for entry in _split_fields(body) if body else []:
            parts = entry.split(None, 1)
            if len(parts) != 2 or not parts[0].isdigit():
                raise ArffError(f"{where}: malformed sparse entry {entry!r}")
            column = int(parts[0])
            if column >= n_attributes:
                raise ArffError(
                    f"{where}: index {column} out of range ({n_attributes} attributes)"
                )
            if column in given:
                raise ArffError(f"{where}: index {column} appears twice in a sparse row")
            given[column] = parts[1]
        for column in filled:
            if column not in given:
                given[column] = decoder.attributes[column].values[0]
        for column in sorted(given):
            value = decoder.decode(column, given[column], where)
            if value != 0:
                indices.append(column)
                data.append(value)
        for j in decoder.text_columns:
            strings[j].append(_unquote(given[j]) if j in given else "")
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.asarray(data, dtype=float), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(rows), n_attributes),
    )


def read_arff(path, *, max_attributes=None):
    """Read an ARFF file.

    Parameters
    ----------
    path : str or path-like
        The file, UTF-8 (with or without a byte-order mark).
    max_attributes : int, default=None
        The most attributes the header may declare, checked before any row
        is read; None for no limit.

    Returns
    -------
    data : ArffData
        Relation name, attribute declarations and the encoded values (dense
        array, or CSR matrix when the rows are sparse).

    Raises
    ------
    ArffError
        For a malformed file (a repeated attribute name, a sparse index given
        twice, ...); the message names the file and the line.
    """
    path = str(path)
    # utf-8-sig: editors on Windows start UTF-8 files with a byte-order mark.
    with open(path, encoding="utf-8-sig", errors="replace") as stream:
        lines = stream.read().splitlines()
    relation, attributes, data_line = _read_header(lines, path, max_attributes)
    rows = []
    for number in range(data_line + 1, len(lines) + 1):
        line = lines[number - 1].strip()
        if line and not line.startswith("%"):
            rows.append((number, line))
    sparse = bool(rows) and rows[0][1].startswith("{")
    if any(line.startswith("{") != sparse for _, line in rows):
        number = next(n for n, line in rows if line.startswith("{") != sparse)
        raise ArffError(f"{path}, line {number}: dense and sparse rows are mixed")
    decoder = _Decoder(attributes)
    strings = {j: [] for j in decoder.text_columns}
    read_rows = _sparse_rows if sparse else _dense_rows
    values = read_rows(rows, decoder, path, strings)
    return ArffData(relation, attributes, values, strings)
