"""Tests of the output rules (skmultinet.cli._outputs)."""

import os

import pytest

from skmultinet.cli._messages import UsageError
from skmultinet.cli._outputs import (
    MARKER,
    atomic_path,
    check_output_file,
    check_output_folder,
    write_bytes,
    write_folder,
)

NAMES = ("results.csv", "report.html")


def test_new_file_in_an_existing_folder_is_fine(tmp_path):
    # A path that does not exist yet, in a folder that does, passes.
    check_output_file(str(tmp_path / "model.joblib"), force=False)


def test_existing_file_needs_force(tmp_path):
    # An existing file is refused without --force and accepted with it.
    path = tmp_path / "model.joblib"
    path.write_text("old")
    with pytest.raises(UsageError, match="already exists; pass --force"):
        check_output_file(str(path), force=False)
    check_output_file(str(path), force=True)


def test_input_is_never_an_output(tmp_path):
    # An input file (or a link to it) is refused even with --force; a benchmark name is ignored.
    data = tmp_path / "data.csv"
    data.write_text("x")
    link = tmp_path / "link.csv"
    link.symlink_to(data)
    for path in (data, link):
        with pytest.raises(UsageError, match="would replace the input file .*--force does not"):
            check_output_file(str(path), force=True, inputs=[str(data)])
    check_output_file(str(tmp_path / "new.csv"), force=False, inputs=["emotions"])


def test_symlink_needs_force_and_folder_is_refused(tmp_path):
    # A symbolic link (even dangling) needs --force; a folder is never a file.
    link = tmp_path / "out.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    with pytest.raises(UsageError, match="symbolic link, which is never written through"):
        check_output_file(str(link), force=False)
    check_output_file(str(link), force=True)
    with pytest.raises(UsageError, match="is a folder"):
        check_output_file(str(tmp_path), force=True)


def test_missing_folder_is_refused(tmp_path):
    # The folder of --out must exist: nothing is created behind the user's back.
    with pytest.raises(UsageError, match="does not exist; create it first"):
        check_output_file(str(tmp_path / "no" / "m.joblib"), force=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder_is_refused(tmp_path):
    # A folder that cannot be written is found before the work.
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(UsageError, match="cannot write into folder"):
            check_output_file(str(folder / "m.joblib"), force=True)
    finally:
        folder.chmod(0o755)


def test_atomic_path_replaces_only_on_success(tmp_path):
    # A failed write leaves the old file and no temporary; a good one replaces it whole.
    path = tmp_path / "model.joblib"
    path.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(str(path)) as temporary, open(temporary, "w") as stream:
            stream.write("half")
            raise RuntimeError("interrupted")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["model.joblib"]
    write_bytes(str(path), b"new")
    assert path.read_bytes() == b"new" and os.listdir(tmp_path) == ["model.joblib"]
    assert path.stat().st_mode & 0o777 != 0o600  # the usual permissions, not mkstemp's


def test_atomic_path_replaces_a_link_not_its_target(tmp_path):
    # Writing onto a symbolic link replaces the link; its target keeps its content.
    target = tmp_path / "target.txt"
    target.write_text("precious")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_bytes(str(link), b"new")
    assert target.read_text() == "precious"
    assert not link.is_symlink() and link.read_bytes() == b"new"


def test_folder_new_empty_or_ours(tmp_path):
    # A new or empty folder takes the report; so does one holding an earlier report.
    check_output_folder(str(tmp_path / "a" / "b"), NAMES, force=False)
    check_output_folder(str(tmp_path), NAMES, force=False)
    written = write_folder(str(tmp_path / "report"), {"results.csv": b"1", "report.html": b"2"})
    assert sorted(os.listdir(tmp_path / "report")) == [MARKER, "report.html", "results.csv"]
    assert written == [str(tmp_path / "report" / n) for n in ("results.csv", "report.html")]
    check_output_folder(str(tmp_path / "report"), NAMES, force=False)


def test_foreign_folder_needs_force(tmp_path):
    # A folder holding other files is refused; with --force only the report names are checked.
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="not empty and holds no earlier report"):
        check_output_folder(str(tmp_path), NAMES, force=False)
    check_output_folder(str(tmp_path), NAMES, force=True)
    with pytest.raises(UsageError, match="is a file, not a folder"):
        check_output_folder(str(tmp_path / "notes.txt"), NAMES, force=True)


def test_links_and_inputs_in_the_folder(tmp_path):
    # A link named like a report file needs --force, even in our folder; inputs never pass.
    write_folder(str(tmp_path), {"results.csv": b"1"})
    (tmp_path / "report.html").symlink_to(tmp_path / "elsewhere.html")
    with pytest.raises(UsageError, match="symbolic link"):
        check_output_folder(str(tmp_path), NAMES, force=False)
    check_output_folder(str(tmp_path), NAMES, force=True)
    with pytest.raises(UsageError, match="would replace the input file"):
        check_output_folder(str(tmp_path), NAMES, force=True,
                            inputs=[str(tmp_path / "results.csv")])
