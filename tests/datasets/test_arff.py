"""Tests of the ARFF reader (skmultinet.datasets._arff)."""

import os

import numpy as np
import pytest
import scipy.sparse as sp

from skmultinet.datasets._arff import ArffError, read_arff

from _paths import SHARED_DATA as DATA  # noqa: E402
MULAN = os.path.join(DATA, "mulan")


def _write(tmp_path, text, name="data.arff"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


DENSE = """% a comment
@relation 'my data'

@attribute 'feature one' numeric
@attribute b REAL
@attribute colour {red,green}
@attribute note string
@attribute y1 {0,1}
@data
% rows
1.5, 2, green, 'hello, world', 1
?, -3e2, red, x, 0
"""


def test_dense_types_quotes_comments_missing(tmp_path):
    # Quoted names, nominal codes, string columns and '?' read as documented.
    arff = read_arff(_write(tmp_path, DENSE))
    assert arff.relation == "my data"
    assert [a.name for a in arff.attributes] == ["feature one", "b", "colour", "note", "y1"]
    assert [a.kind for a in arff.attributes] == ["numeric", "numeric", "nominal", "string",
                                                 "nominal"]
    values = arff.values
    assert values[0, 0] == 1.5 and np.isnan(values[1, 0]) and values[1, 1] == -300
    assert values[0, 2] == 1 and values[1, 2] == 0  # position in {red,green}
    assert arff.strings[3] == ["hello, world", "x"]
    assert list(values[:, 4]) == [1, 0]


def test_sparse_rows_and_nonzero_default(tmp_path):
    # Sparse rows give CSR; an omitted nominal value is its first declared value.
    text = ("@relation s\n@attribute a numeric\n@attribute loc {2,10}\n@attribute y {0,1}\n"
            "@data\n{0 3.5,2 1}\n{1 10}\n{}\n")
    arff = read_arff(_write(tmp_path, text))
    assert sp.issparse(arff.values)
    np.testing.assert_array_equal(arff.values.toarray(), [[3.5, 2, 1], [0, 10, 0], [0, 2, 0]])


@pytest.mark.parametrize("body, where", [
    ("@relation r\n@attribute a numeric\n@data\n1,2\n", "line 4"),
    ("@relation r\n@attribute a {x,y}\n@data\nz\n", "line 4"),
    ("@relation r\n@attribute a numeric\n@data\nabc\n", "line 4"),
    ("@relation r\n@attribute a foo\n@data\n", "line 2"),
    ("@relation r\n@attribute a numeric\n", "no @data"),
])
def test_errors_name_file_and_line(tmp_path, body, where):
    # Malformed files raise ArffError naming the file and the offending line.
    path = _write(tmp_path, body)
    with pytest.raises(ArffError, match=where) as info:
        read_arff(path)
    assert path in str(info.value)


@pytest.mark.skipif(not os.path.isdir(MULAN), reason="MULAN data not available")
@pytest.mark.parametrize("name", ["emotions", "yeast", "scene", "medical", "enron", "birds"])
def test_real_files_have_declared_width(name):
    # Every real MULAN training file reads with one column per attribute.
    arff = read_arff(os.path.join(MULAN, name, f"{name}-train.arff"))
    with np.load(os.path.join(DATA, f"{name}.npz")) as npz:
        n_rows = npz["X_train"].shape[0]
        n_columns = npz["X_train"].shape[1] + npz["Y_train"].shape[1]
    assert arff.values.shape == (n_rows, n_columns) == (n_rows, len(arff.attributes))


def test_finding_6_duplicate_attribute_names_are_errors(tmp_path):
    # A name declared twice would let new data be matched to the wrong column.
    path = _write(tmp_path, "@relation r\n@attribute a numeric\n@attribute 'a' numeric\n@data\n1,2\n")
    with pytest.raises(ArffError, match=r"line 3: attribute 'a' is declared again \(first at line 2\)"):
        read_arff(path)


def test_finding_7_a_sparse_index_given_twice_is_an_error(tmp_path):
    # {0 1,0 5} does not silently keep the last value.
    path = _write(tmp_path, "@relation r\n@attribute a numeric\n@data\n{0 1}\n{0 1,0 5}\n")
    with pytest.raises(ArffError, match="line 5: index 0 appears twice"):
        read_arff(path)


def test_finding_10_attribute_count_is_limited_before_rows(tmp_path):
    # More attributes than max_attributes stop the header, naming the line.
    path = _write(tmp_path, "@relation r\n" + "".join(f"@attribute a{j} numeric\n"
                                                      for j in range(4)) + "@data\n")
    with pytest.raises(ArffError, match="line 5: more than 3 attributes.*max_features="):
        read_arff(path, max_attributes=3)


def test_finding_12_a_utf8_byte_order_mark_is_accepted(tmp_path):
    # Files saved by Windows editors start with a BOM; they read like any other.
    path = tmp_path / "bom.arff"
    path.write_bytes("\ufeff@relation r\n@attribute a numeric\n@data\n1\n".encode("utf-8"))
    assert read_arff(str(path)).values.tolist() == [[1.0]]
