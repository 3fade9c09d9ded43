"""Issue 10: a new pemda sets itself up headless: init, settings, rates, OPD list/add/import."""

import json
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from kupang_desk.cli import main
from tests.helpers import admin_context


def png(path: Path, size=(120, 160)) -> Path:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "belu.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    return path


def cli(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def json_out(capsys, db: Path, *args: str):
    capsys.readouterr()
    assert cli(db, *args, "--json") == 0
    return json.loads(capsys.readouterr().out)


def test_init_refuses_an_existing_file_and_other_commands_refuse_a_missing_one(
    db, tmp_path, capsys
):
    assert main(["--db", str(db), "init"]) == 2
    assert "sudah ada" in capsys.readouterr().err
    missing = tmp_path / "tidak-ada.sqlite3"
    for args in (["settings", "list"], ["opd", "list"], ["rates", "list"]):
        assert main(["--db", str(missing), *args]) == 2
        assert "belum ada" in capsys.readouterr().err
    assert not missing.exists()


def test_settings_set_and_list(db, tmp_path, capsys):
    assert json_out(capsys, db, "settings", "list")["pemda.name"] == ""
    for key, value in [
        ("pemda.name", "Pemerintah Kabupaten Belu"),
        ("pemda.level", "kabupaten"),
        ("pemda.region_code", "53.04"),
        ("pemda.place", "Atambua"),
        ("pemda.address", "Jalan Basuki Rahmat No. 1, Atambua"),
        ("rekap.signer_title", "Sekretaris Daerah"),
        ("rekap.signer_name", "Drs. Benediktus Mau"),
        ("rekap.signer_nip", "196805121994031007"),
        ("bpjs_kes.nomor_pks", "PKS/123/2026"),
        ("bpjs_kes.kode_kc", "1701"),
        ("bpjs_tk.npp", "12.345.678"),
        ("bpjs_kes.tanggal_registrasi", "1/7/2024"),
        ("setup.step", "Selesai"),
        ("pemda.jp_enrolled", "ya"),
        ("pemda.logo", str(png(tmp_path / "logo.png"))),
    ]:
        assert cli(db, "settings", "set", key, value) == 0, capsys.readouterr().err
    values = json_out(capsys, db, "settings", "list")
    assert values["pemda.region_code"] == "5304"
    assert values["pemda.jp_enrolled"] is True
    assert values["rekap.signer_nip"] == "196805121994031007"
    assert values["pemda.logo"].startswith("PNG ")
    assert values["bpjs_tk.npp"] == "12345678"
    assert values["bpjs_kes.tanggal_registrasi"] == "01-07-2024"
    assert values["setup.step"] == "done"
    assert set(values) >= {"bpjs_kes.nama_instansi", "bpjs_kes.kode_va", "bpjs_kes.kode_dati2"}
    assert cli(db, "settings", "list") == 0
    assert "pemda.place = Atambua" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("pemda.nama", "X", "pemda.nama tidak dikenal"),
        ("rekap.signer_nip", "19680512199403100", "18 angka"),
        ("rekap.signer_nip", "196813121994031007", "rekap.signer_nip"),
        ("pemda.region_code", "5399", "pemda.region_code"),
        ("pemda.level", "desa", "pemda.level"),
        ("pemda.jp_enrolled", "mungkin", "pemda.jp_enrolled"),
        ("pemda.logo", "/tidak/ada.png", "tidak dapat dibaca"),
        ("setup.step", "foo", "setup.step: isi salah satu langkah pemda, kop"),
        ("bpjs_kes.tanggal_registrasi", "kemarin", "bpjs_kes.tanggal_registrasi: 'kemarin'"),
        (
            "bpjs_kes.tanggal_registrasi",
            "30-02-2026",
            "30-02-2026 bukan tanggal yang ada di kalender",
        ),
        ("bpjs_tk.npp", "x y", "bpjs_tk.npp: 'x y' bukan NPP BPJS Ketenagakerjaan: isi angka saja"),
        ("bpjs_tk.npp", "123456", "7–10 angka"),
        ("bpjs_tk.npp", "NN123456", "isi angka saja"),
        ("pemda.address", "a|b|c|d", "pemda.address: 4 baris alamat, paling banyak 3"),
        ("pemda.address", "Jl. " + "x" * 98, "pemda.address: baris alamat ke-1 ('Jl. xxx"),
    ],
)
def test_bad_setting_exits_2_naming_the_key(db, capsys, key, value, says):
    before = json_out(capsys, db, "settings", "list")
    assert cli(db, "settings", "set", key, value) == 2
    assert says in capsys.readouterr().err
    assert json_out(capsys, db, "settings", "list") == before


def test_the_level_must_be_the_region_s(db, capsys):
    """5371 is KOTA KUPANG in resources/wilayah: a kota, never a kabupaten."""
    assert cli(db, "settings", "set", "pemda.level", "kabupaten") == 0  # no region yet
    capsys.readouterr()
    assert cli(db, "settings", "set", "pemda.region_code", "5371") == 0
    assert "pemda.level ikut berubah menjadi kota" in capsys.readouterr().err
    assert cli(db, "settings", "set", "pemda.level", "kabupaten") == 2
    assert (
        "pemda.level: wilayah 5371 (Kota Kupang) adalah kota, bukan kabupaten"
        in capsys.readouterr().err
    )
    assert cli(db, "settings", "set", "pemda.level", "provinsi") == 2
    assert cli(db, "settings", "set", "pemda.region_code", "53") == 0  # NTT: a provinsi
    assert cli(db, "settings", "set", "pemda.level", "kota") == 2
    assert "adalah provinsi, bukan kota" in capsys.readouterr().err
    values = json_out(capsys, db, "settings", "list")
    assert (values["pemda.level"], values["pemda.region_code"]) == ("provinsi", "53")
    assert cli(db, "settings", "set", "pemda.region_code", "5304") == 0  # Kabupaten Belu
    assert json_out(capsys, db, "settings", "list")["pemda.level"] == "kabupaten"


@pytest.mark.parametrize(
    "typed",
    [
        "Jalan Basuki Rahmat No. 1, Atambua\\nTelp. (0389) 21001 · Kode Pos 85711",
        "Jalan Basuki Rahmat No. 1, Atambua | Telp. (0389) 21001 · Kode Pos 85711",
        "Jalan Basuki Rahmat No. 1,  Atambua\nTelp. (0389) 21001 · Kode Pos 85711\n",
    ],
)
def test_the_kop_address_takes_several_lines(db, capsys, typed):
    assert cli(db, "settings", "set", "pemda.address", typed) == 0
    assert json_out(capsys, db, "settings", "list")["pemda.address"] == (
        "Jalan Basuki Rahmat No. 1, Atambua\nTelp. (0389) 21001 · Kode Pos 85711"
    )
    assert cli(db, "settings", "list") == 0
    assert (
        "pemda.address = Jalan Basuki Rahmat No. 1, Atambua | Telp. (0389) 21001 · Kode Pos 85711"
        in capsys.readouterr().out
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["opd", "add", "DLH"], "kupang-desk opd add: galat: argumen wajib belum diisi: --name"),
        (["opd", "add", "DLH", "--name", "X", "--warna", "biru"], "argumen tidak dikenal: --warna"),
        (
            ["rates", "set", "dua-ribu", "umk", "1"],
            "argumen TAHUN: 'dua-ribu' bukan bilangan bulat",
        ),
        (["sapu"], "argumen PERINTAH: pilihan 'sapu' tidak dikenal (pilih salah satu: 'init',"),
        (
            ["opd", "edit", "DLH", "--activate", "--deactivate"],
            "argumen --deactivate tidak boleh dipakai bersama --activate",
        ),
        (["report"], "kupang-desk report: galat: argumen wajib belum diisi: JENIS"),
    ],
)
def test_usage_errors_are_indonesian_and_exit_2(db, capsys, args, says):
    with pytest.raises(SystemExit) as stopped:
        cli(db, *args)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert says in err
    assert err.startswith("penggunaan: kupang-desk")
    for english in ("usage:", "error:", "required", "invalid", "unrecognized", "choose from"):
        assert english not in err


def test_help_headings_are_indonesian(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["opd", "add", "--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("penggunaan: kupang-desk opd add [-h] --name NAMA")
    assert "\nargumen:\n  KODE" in out and "\npilihan:\n" in out
    assert "-h, --help            tampilkan bantuan ini lalu keluar" in out
    for english in ("usage:", "positional arguments", "options:", "show this help"):
        assert english not in out


def test_a_file_that_is_not_an_image_is_refused_as_logo(db, tmp_path, capsys):
    fake = tmp_path / "logo.png"
    fake.write_text("bukan gambar")
    assert cli(db, "settings", "set", "pemda.logo", str(fake)) == 2
    assert "pemda.logo: berkas bukan gambar PNG atau JPG" in capsys.readouterr().err


def test_rates_list_warns_until_the_wage_floor_is_entered(db, capsys):
    rates = json_out(capsys, db, "rates", "list")["rates"]
    year_2026 = next(r for r in rates if r["year"] == 2026)
    assert "belum diisi" in year_2026["wage_floor_missing"]
    assert cli(db, "rates", "set", "2026", "umk", "5729876") == 0
    rates = json_out(capsys, db, "rates", "list")
    year_2026 = next(r for r in rates["rates"] if r["year"] == 2026)
    assert year_2026["umk"] == 5_729_876 and year_2026["wage_floor_missing"] == ""
    assert "umk" in rates["regulations"]
    assert cli(db, "rates", "set", "2026", "umk", "dua juta") == 2
    assert "bukan bilangan bulat" in capsys.readouterr().err
    assert cli(db, "rates", "set", "2026", "upah_minimum", "1") == 2
    assert "tidak dikenal" in capsys.readouterr().err
    assert cli(db, "rates", "set", "2027", "umk", "5900000") == 0  # a new year from 2026
    rates = json_out(capsys, db, "rates", "list")["rates"]
    assert [r["umk"] for r in rates if r["year"] == 2027] == [5_900_000]


def test_opd_add_edit_deactivate_keeps_code_and_history(db, capsys):
    assert (
        cli(
            db,
            "opd",
            "add",
            "dlh",
            "--name",
            "Dinas Lingkungan Hidup",
            "--short",
            "DLH",
            "--head-title",
            "Kepala Dinas",
            "--head-name",
            "Yosef Manek, S.T.",
            "--head-nip",
            "197203152000031004",
            "--address",
            "Jl. Ahmad Yani, Atambua",
        )
        == 0
    )
    assert cli(db, "opd", "add", "DLH", "--name", "Lagi") == 2
    assert "sudah ada" in capsys.readouterr().err
    assert cli(db, "opd", "add", "X1", "--name", "Dinas X", "--head-nip", "123") == 2
    assert "18 angka" in capsys.readouterr().err
    assert cli(db, "opd", "edit", "DLH", "--name", "Dinas Lingkungan Hidup dan Kebersihan") == 0
    assert cli(db, "opd", "edit", "DLH", "--deactivate") == 0
    assert cli(db, "opd", "edit", "NOPE", "--activate") == 2
    [opd] = json_out(capsys, db, "opd", "list")
    assert opd == {
        "code": "DLH",
        "name": "Dinas Lingkungan Hidup dan Kebersihan",
        "short_name": "DLH",
        "head_name": "Yosef Manek, S.T.",
        "head_nip": "197203152000031004",
        "head_title": "Kepala Dinas",
        "address": "Jl. Ahmad Yani, Atambua",
        "head_pangkat": "",
        "jkk_class": 1,
        "npp": "",
        "active": False,
    }
    assert cli(db, "opd", "edit", "DLH", "--activate") == 0
    assert json_out(capsys, db, "opd", "list")[0]["active"] is True

    ctx = admin_context(db)
    rows = ctx.store.query(
        "SELECT action FROM audit_log WHERE entity = 'opd' AND entity_id = 'DLH' ORDER BY id"
    )
    assert [r[0] for r in rows] == ["insert", "update", "update", "update"]
    ctx.close()


def write_opd_csv(path: Path) -> Path:
    path.write_text(
        "DAFTAR PERANGKAT DAERAH\n"
        "\n"
        "No;Kode;Perangkat Daerah;Singkatan;Nama Kepala;NIP;Jabatan;Alamat\n"
        "1;DINKES;Dinas Kesehatan;Dinkes;dr. Maria Ndun;197203152000032004;Kepala Dinas;"
        "Jl. Kesehatan 1\n"
        "2;BPBD;Badan Penanggulangan Bencana Daerah;BPBD;Ferdinand Amalo;"
        "197601042003121004;Kepala Pelaksana;Jl. Bencana 2\n"
        "3;DISHUB;Dinas Perhubungan;Dishub;Marthen;19740517200112100;Kepala Dinas;Jl. 3\n"
        "4;;Dinas Tanpa Kode;;;;;\n"
        "5;DINKES;Dinas Kesehatan lagi;;;;;\n",
        encoding="utf-8",
    )
    return path


def test_opd_import_dry_run_then_real(db, tmp_path, capsys):
    sheet = write_opd_csv(tmp_path / "opd.csv")
    capsys.readouterr()
    assert cli(db, "opd", "import", str(sheet), "--dry-run", "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["rows"] == 5 and report["accepted"] == 2
    assert {(r["row"], r["field"]) for r in report["rejected"]} == {
        (6, "head_nip"),
        (7, "code"),
        (8, "code"),
    }
    assert "sudah ada di baris 4" in report["rejected"][-1]["message"]
    assert json_out(capsys, db, "opd", "list") == []
    assert cli(db, "opd", "import", str(sheet)) == 1
    listed = json_out(capsys, db, "opd", "list")
    assert [o["code"] for o in listed] == ["BPBD", "DINKES"]
    assert listed[1]["head_nip"] == "197203152000032004"


def test_opd_import_xlsx_with_unit_kerja_header(db, tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["KODE", "UNIT KERJA", "PIMPINAN", "NIP"])
    sheet.append(["SATPOL", "Satuan Polisi Pamong Praja", "Dominggus Nalle", "197112301998031006"])
    path = tmp_path / "opd.xlsx"
    book.save(path)
    assert cli(db, "opd", "import", str(path), "--json") == 0
    assert json.loads(capsys.readouterr().out)["accepted"] == 1
    nothing = tmp_path / "kosong.csv"
    nothing.write_text("a;b\n1;2\n")
    assert cli(db, "opd", "import", str(nothing)) == 2
    assert "KODE dan NAMA OPD" in capsys.readouterr().err


def test_settings_and_opds_print_on_the_daftar(db, tmp_path, capsys):
    from pypdf import PdfReader

    for key, value in [
        ("pemda.name", "Pemerintah Kabupaten Belu"),
        ("pemda.level", "kabupaten"),
        ("pemda.region_code", "5304"),
        ("pemda.place", "Atambua"),
        ("pemda.logo", str(png(tmp_path / "logo.png"))),
    ]:
        assert cli(db, "settings", "set", key, value) == 0
    assert cli(db, "opd", "import", str(write_opd_csv(tmp_path / "opd.csv"))) == 1
    from datetime import date

    from kupang_desk.domain.entities import Worker
    from kupang_desk.services.workers import save_worker

    ctx = admin_context(db)
    save_worker(
        ctx,
        Worker(
            nik="5304014503850001",
            name="Maria Goreti Bere",
            birth_date=date(1985, 3, 5),
            sex="P",
            opd_code="DINKES",
            jabatan="Tenaga Kebersihan",
            upah=2_900_000,
        ),
    )
    ctx.close()
    for paper in ("f4", "a4"):
        out = tmp_path / f"daftar-{paper}.pdf"
        assert cli(db, "report", "daftar", str(out), "--opd", "DINKES", "--paper", paper) == 0
        text = PdfReader(out).pages[0].extract_text()
        for expected in (
            "PEMERINTAH KABUPATEN BELU",
            "DINAS KESEHATAN",
            "Jl. Kesehatan 1",
            "dr. Maria Ndun",
            "NIP. 197203152000032004",
            "Atambua,",
            "MARIA GORETI BERE",
        ):
            assert expected in text, expected
        assert "Kupang" not in text and "KUPANG" not in text
    rekap = tmp_path / "rekap.pdf"
    assert cli(db, "report", "rekap", str(rekap)) == 0
    text = PdfReader(rekap).pages[0].extract_text()
    assert "PEMERINTAH KABUPATEN BELU" in text and "Atambua," in text
    assert "Kupang" not in text and "KUPANG" not in text


def test_init_shows_the_recovery_key_once_and_it_opens_a_backup_elsewhere(tmp_path, capsys):
    path = tmp_path / "kantor.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    printed = capsys.readouterr()
    key = printed.out.strip()
    assert "Kunci Pemulihan" in printed.err
    assert main(["--db", str(path), "recovery-key", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["recovery_key"] == key
    assert main(["--db", str(path), "backup", str(tmp_path)]) == 0
    made = capsys.readouterr().out.strip()
    new_pc = tmp_path / "baru" / "kantor.sqlite3"
    assert main(["--db", str(new_pc), "restore", made, "--recovery-key", key]) == 0


def test_every_kop_line_prints_on_its_own_line(db, tmp_path, capsys):
    """Kop address lines: the OPD's on its daftar, the pemda's on the rekap; F4 and A4."""
    from pypdf import PdfReader

    for key, value in [
        ("pemda.name", "Pemerintah Kabupaten Belu"),
        ("pemda.region_code", "5304"),
        ("pemda.place", "Atambua"),
        ("pemda.logo", str(png(tmp_path / "logo.png"))),
        (
            "pemda.address",
            "Jalan Basuki Rahmat No. 1, Atambua\\nTelepon (0389) 21001 · Kode Pos 85711",
        ),
    ]:
        assert cli(db, "settings", "set", key, value) == 0
    assert cli(db, "opd", "import", str(write_opd_csv(tmp_path / "opd.csv"))) == 1
    address = "Jl. Kesehatan 1, Atambua | Telepon (0389) 21002 | dinkes@belukab.go.id"
    assert cli(db, "opd", "edit", "DINKES", "--address", address) == 0
    assert json_out(capsys, db, "opd", "list")[1]["address"] == (
        "Jl. Kesehatan 1, Atambua\nTelepon (0389) 21002\ndinkes@belukab.go.id"
    )
    assert cli(db, "opd", "edit", "DINKES", "--address", "a|b|c|d") == 2
    assert "OPD DINKES: 4 baris alamat, paling banyak 3" in capsys.readouterr().err
    for paper in ("f4", "a4"):
        out = tmp_path / f"daftar-{paper}.pdf"
        assert cli(db, "report", "daftar", str(out), "--opd", "DINKES", "--paper", paper) == 0
        lines = [line.strip() for line in PdfReader(out).pages[0].extract_text().splitlines()]
        start = lines.index("DINAS KESEHATAN")
        assert lines[start - 1 : start + 4] == [
            "PEMERINTAH KABUPATEN BELU",
            "DINAS KESEHATAN",
            "Jl. Kesehatan 1, Atambua",
            "Telepon (0389) 21002",
            "dinkes@belukab.go.id",
        ]
        rekap = tmp_path / f"rekap-{paper}.pdf"
        assert cli(db, "report", "rekap", str(rekap), "--paper", paper) == 0
        lines = [line.strip() for line in PdfReader(rekap).pages[0].extract_text().splitlines()]
        start = lines.index("PEMERINTAH KABUPATEN BELU")
        assert lines[start + 1 : start + 3] == [
            "Jalan Basuki Rahmat No. 1, Atambua",
            "Telepon (0389) 21001 · Kode Pos 85711",
        ]
