"""The log file never holds a NIK or a worker's name, whatever the caller passes."""

import logging
import sys

import pytest

from kupang_desk.applog import PrivacyFilter, Safe, setup_logging
from kupang_desk.services.workers import save_worker
from kupang_desk.store.errors import DuplicateNik

NIK = "5371014503850001"
NAME = "MARIA GORETI NDUN"


@pytest.fixture
def log_file(tmp_path):
    path = setup_logging(tmp_path / "log")
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "kupang_desk", False)]:
        root.removeHandler(handler)
        handler.close()
    sys.excepthook = sys.__excepthook__


def test_nik_and_names_never_reach_the_log(log_file, ctx, worker):
    log = logging.getLogger("kupang_desk.test")
    saved = save_worker(ctx, worker).worker
    log.info("menyimpan pegawai %s dengan NIK %s", saved.name, saved.nik)
    log.info("menyimpan pegawai %(name)s", {"name": "Maria Goreti Ndun"})
    log.warning(f"f-string yang ceroboh: {NAME} {NIK} 5371 0145 0385 0001")
    log.info("objek utuh: %s", saved)
    try:
        raise DuplicateNik(f"NIK {NIK} sudah terdaftar atas nama {NAME} di DLHK.")
    except DuplicateNik:
        log.exception("gagal menyimpan")
    log.info("berkas %s, %d pegawai, pengguna %s", Safe("kantor.sqlite3"), 253, Safe("op.dlhk"))

    text = log_file.read_text(encoding="utf-8")
    for secret in (NIK, "5371 0145", "MARIA", "GORETI", "NDUN", "Maria", "Goreti"):
        assert secret not in text
    assert "menyimpan pegawai [teks] dengan NIK [teks]" in text
    assert "kupang_desk.store.errors.DuplicateNik" in text  # the type stays for debugging
    assert "test_applog.py" in text  # and so do the frames
    assert "berkas kantor.sqlite3, 253 pegawai, pengguna op.dlhk" in text


def test_a_second_setup_does_not_log_twice(log_file):
    setup_logging(log_file.parent)
    logging.getLogger("kupang_desk").warning("sekali")
    assert log_file.read_text(encoding="utf-8").count("sekali") == 1


def test_filter_keeps_a_broken_format_string_instead_of_crashing():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "satu %s dua %s", ("a",), None)
    assert PrivacyFilter().filter(record)
    assert "argumen tidak cocok" in record.getMessage()
