"""The set-up wizard after the first admin account: pemda, kop, signer, BPJS, wage floor, OPDs.

Every page saves through the same services as the CLI when the clerk goes on, and the
page reached is remembered (setting setup.step), so the wizard can be left and resumed.
The same pages stay editable later: Alat → Pengaturan Pemda (this wizard) and Alat → OPD.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from kupang_desk.domain import wilayah
from kupang_desk.domain.entities import EMPLOYMENT_TYPES, Opd
from kupang_desk.domain.settings import (
    LEVEL_LABEL,
    LEVELS,
    TYPE_PROGRAMS,
    pemda_name,
    program_key,
)
from kupang_desk.services import opd as opd_service
from kupang_desk.services import rates as rate_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.ui.widgets import ERROR_STYLE, ok_cancel_buttons

PAGES = ("pemda", "kop", "signer", "bpjs", "floor", "opd")
OPD_COLUMNS = (
    ("code", "Kode"),
    ("name", "Nama OPD"),
    ("short_name", "Singkatan"),
    ("head_title", "Jabatan kepala"),
    ("head_name", "Nama kepala"),
    ("head_nip", "NIP kepala"),
    ("head_pangkat", "Pangkat/gol."),
    ("address", "Alamat"),
    ("jkk_class", "Kelas JKK (1-5)"),
    ("npp", "NPP BPJS TK"),
)


def _ask_logo(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent, parent.tr("Pilih Logo"), "", parent.tr("Gambar (*.png *.jpg *.jpeg)")
    )
    return path


def _ask_opd_file(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        parent.tr("Impor Daftar OPD"),
        "",
        parent.tr("Lembar kerja (*.xlsx *.xls *.ods *.csv)"),
    )
    return path


class ProgramChoice(QWidget):
    """The programs of one employment type (setting program.<jenis>) as check boxes;
    text() is the setting's value, as `settings set` takes it."""

    def __init__(self, programs: tuple[str, ...], parent=None) -> None:
        super().__init__(parent)
        self.boxes = {program: QCheckBox(label) for program, label in TYPE_PROGRAMS.items()}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for program, box in self.boxes.items():
            box.setChecked(program in programs)
            layout.addWidget(box)
        layout.addStretch(1)

    def text(self) -> str:
        return ",".join(p for p, box in self.boxes.items() if box.isChecked())

    def set_programs(self, programs: tuple[str, ...]) -> None:
        for program, box in self.boxes.items():
            box.setChecked(program in programs)


class _Page(QWizardPage):
    """A page whose fields are settings keys; Lanjut saves them and the step reached."""

    def __init__(self, wizard: SetupWizard, key: str, title: str, hint: str) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.key = key
        self.setTitle(title)
        self.setSubTitle(hint)
        self.form = QFormLayout()
        self.fields: dict[str, QLineEdit | QCheckBox | ProgramChoice] = {}
        self.messages = QLabel(wordWrap=True)
        self.messages.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.messages)

    def line(self, key: str, label: str) -> QLineEdit:
        settings = self.wizard_.settings
        edit = QLineEdit(str(getattr(settings, _field(key))))
        self.fields[key] = edit
        self.form.addRow(self.tr(label), edit)
        return edit

    def values(self) -> dict[str, str | bytes]:
        return {
            key: ("1" if w.isChecked() else "0") if isinstance(w, QCheckBox) else w.text()
            for key, w in self.fields.items()
        }

    def save(self) -> None:
        next_step = PAGES[min(PAGES.index(self.key) + 1, len(PAGES) - 1)]
        self.wizard_.settings = settings_service.set_values(
            self.wizard_.ctx, {**self.values(), "setup.step": self.wizard_.step_after(next_step)}
        )

    def validatePage(self) -> bool:
        try:
            self.save()
        except (settings_service.SettingError, rate_service.RateError, AccessDenied) as exc:
            self.messages.setText(str(exc))
            return False
        self.messages.setText("")
        return True


def _field(key: str) -> str:
    from kupang_desk.domain.settings import SETTING_FIELDS

    return SETTING_FIELDS[key].name


class PemdaPage(_Page):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "pemda",
            "Pemerintah Daerah",
            "Pilih tingkat dan nama pemda dari data wilayah Kemendagri.",
        )
        settings = wizard.settings
        self._ready = False  # the stored name is shown as saved, not re-suggested
        self.level = QComboBox()
        for level in LEVELS:
            self.level.addItem(LEVEL_LABEL[level], level)
        self.region = QComboBox()
        # 500+ kabupaten/kota: typing part of the name finds it.
        self.region.setEditable(True)
        self.region.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.region.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.region.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.region.lineEdit().setPlaceholderText(self.tr("ketik nama, mis. Belu"))
        self.name = self.line("pemda.name", "Nama pada kop")
        self.form.insertRow(0, self.tr("Tingkat"), self.level)
        self.form.insertRow(1, self.tr("Wilayah"), self.region)
        if settings.level:
            self.level.setCurrentIndex(max(0, self.level.findData(settings.level)))
        self._fill_regions()
        if settings.region_code:
            self.region.setCurrentIndex(max(0, self.region.findData(settings.region_code)))
        # A suggestion replaces only a blank name or the previous suggestion: a saved or
        # typed name stays.
        self._suggested = ""
        self.level.currentIndexChanged.connect(self._level_chosen)
        self.region.currentIndexChanged.connect(self._suggest_name)
        self._ready = True
        if not self.name.text():
            self._suggest_name()

    def _level_chosen(self) -> None:
        self._fill_regions()
        self._suggest_name()

    def _fill_regions(self) -> None:
        level = self.level.currentData()
        self.region.blockSignals(True)
        self.region.clear()
        if level == "provinsi":
            items = wilayah.provinces()
        else:
            prefix = "KOTA " if level == "kota" else "KABUPATEN "
            items = {c: n for c, n in wilayah.regencies().items() if n.startswith(prefix)}
        self.region.addItem("", None)  # nothing chosen yet: Lanjut asks for a choice
        for code, name in items.items():
            self.region.addItem(f"{name.title()} ({code})", code)
        self.region.setCurrentIndex(0)
        self.region.blockSignals(False)

    def _suggest_name(self) -> None:
        code = self.region.currentData()
        if code and self._ready and self.name.text() in ("", self._suggested):
            self._suggested = pemda_name(self.level.currentData(), code)
            self.name.setText(self._suggested)

    def choose(self, level: str, region_code: str) -> None:
        """Pick the pemda as a clerk would in the two lists."""
        self.level.setCurrentIndex(self.level.findData(level))
        self.region.setCurrentIndex(self.region.findData(region_code))

    def values(self) -> dict[str, str | bytes]:
        index = self.region.findText(self.region.currentText())
        code = self.region.itemData(index) if index >= 0 else None
        if not code:
            raise settings_service.SettingError(
                "Pilih wilayah pemda dari daftar (ketik sebagian namanya)."
            )
        return {
            **super().values(),
            "pemda.level": self.level.currentData(),
            "pemda.region_code": code,
        }


class KopPage(_Page):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard, "kop", "Kop dan Tempat", "Baris alamat kop, tempat pada baris tanggal, logo."
        )
        self.line("pemda.place", "Tempat tanda tangan (mis. Atambua)")
        self.line("pemda.address", "Alamat pada kop")
        self.logo_path = ""
        self.logo_label = QLabel(
            self.tr("Logo tersimpan") if wizard.settings.logo else self.tr("Belum ada logo")
        )
        pick = QPushButton(self.tr("Pilih Logo…"))
        pick.clicked.connect(self._pick_logo)
        row = QHBoxLayout()
        row.addWidget(self.logo_label, 1)
        row.addWidget(pick)
        self.form.addRow(self.tr("Logo (PNG/JPG)"), row)

    def _pick_logo(self) -> None:
        path = SetupWizard.ask_logo(self)
        if path:
            self.set_logo(path)

    def set_logo(self, path: str) -> None:
        self.logo_path = path
        self.logo_label.setText(Path(path).name)

    def values(self) -> dict[str, str | bytes]:
        values = super().values()
        if self.logo_path:
            values["pemda.logo"] = self.logo_path
        return values


class SignerPage(_Page):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard, "signer", "Penanda Tangan Rekapitulasi", "Pejabat yang menandatangani rekap."
        )
        self.line("rekap.signer_title", "Jabatan")
        self.line("rekap.signer_name", "Nama")
        self.line("rekap.signer_nip", "NIP (18 angka)")


class BpjsPage(_Page):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "bpjs",
            "Identitas Pemberi Kerja BPJS",
            "Untuk kepala berkas unggah BPJS; yang belum diketahui boleh dikosongkan.",
        )
        for key, label in (
            ("bpjs_kes.nama_instansi", "Kesehatan: nama instansi"),
            ("bpjs_kes.kode_va", "Kesehatan: kode badan usaha / VA"),
            ("bpjs_kes.nomor_pks", "Kesehatan: nomor PKS"),
            ("bpjs_kes.kode_kc", "Kesehatan: kode KC"),
            ("bpjs_kes.kode_dati2", "Kesehatan: kode Dati II"),
            ("bpjs_kes.jenis_peserta", "Kesehatan: jenis peserta"),
            ("bpjs_kes.bank", "Kesehatan: bank"),
            ("bpjs_kes.tanggal_registrasi", "Kesehatan: tanggal registrasi"),
            ("bpjs_kes.kode_pks", "Kesehatan: kode PKS"),
            ("bpjs_kes.masa_berlaku", "Kesehatan: masa berlaku PKS"),
            ("bpjs_kes.kode_tanggungan", "Kesehatan: kode tanggungan"),
            ("bpjs_kes.format_tanggal", "Kesehatan: format tanggal (dd/mm/yyyy atau mm/dd/yyyy)"),
            ("bpjs_tk.npp", "Ketenagakerjaan: NPP pemda (OPD tanpa NPP sendiri)"),
        ):
            self.line(key, label)


class FloorPage(_Page):
    def __init__(self, wizard: SetupWizard) -> None:
        year = date.today().year
        super().__init__(
            wizard,
            "floor",
            "Upah Minimum dan Program",
            f"UMK (kota/kabupaten) atau UMP (provinsi) tahun {year} yang berlaku di pemda ini, "
            "dan program BPJS tiap jenis kepegawaian.",
        )
        self.year = year
        self.umk = QSpinBox(maximum=100_000_000, singleStep=1000)
        self.umk.setGroupSeparatorShown(True)
        self.umk.setPrefix("Rp ")
        self.form.addRow(self.tr("UMK/UMP {0}").format(year), self.umk)
        # Which lists and upload files each employment type goes to; PPPK are ASN: JKK/JKM
        # through Taspen (the defaults and their sources: domain/defaults.py).
        group = QGroupBox(self.tr("Program per jenis kepegawaian"))
        grid = QGridLayout(group)
        for row, kind in enumerate(EMPLOYMENT_TYPES):
            key = program_key(kind)
            choice = ProgramChoice(wizard.settings.programs_of(kind))
            self.fields[key] = choice
            grid.addWidget(QLabel(kind), row, 0)
            grid.addWidget(choice, row, 1)
        self.layout().insertWidget(1, group)

    def initializePage(self) -> None:
        known = not rate_service.wage_floor_missing(self.wizard_.ctx, self.year)
        self.umk.setValue(rate_service.rates_for(self.wizard_.ctx, self.year).umk if known else 0)

    def save(self) -> None:
        if self.umk.value() <= 0:
            raise rate_service.RateError(
                f"Isi UMK/UMP tahun {self.year}: tanpa itu upah tidak dibandingkan dengan batas "
                "bawah."
            )
        if self.umk.value() != rate_service.rates_for(self.wizard_.ctx, self.year).umk or (
            rate_service.wage_floor_missing(self.wizard_.ctx, self.year)
        ):
            rate_service.set_rate(self.wizard_.ctx, self.year, "umk", str(self.umk.value()))
        super().save()


class OpdEditor(QWidget):
    """The OPD list: typed in rows or imported; Simpan saves through services.opd."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget(0, len(OPD_COLUMNS) + 1)
        self.table.setHorizontalHeaderLabels(
            [self.tr(label) for _, label in OPD_COLUMNS] + [self.tr("Aktif")]
        )
        self.messages = QLabel(wordWrap=True)
        self.messages.setStyleSheet(ERROR_STYLE)
        add = QPushButton(self.tr("Tambah Baris"))
        add.clicked.connect(lambda: self.add_row(Opd(code="", name="")))
        self.import_button = QPushButton(self.tr("Impor dari Berkas…"))
        self.import_button.clicked.connect(self._import)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.messages)
        self.reload()

    def reload(self) -> None:
        self.table.setRowCount(0)
        self._stored = {o.code: o for o in opd_service.list_opd(self.ctx)}
        for opd in self._stored.values():
            self.add_row(opd)

    def add_row(self, opd: Opd) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, (key, _) in enumerate(OPD_COLUMNS):
            self.table.setItem(row, column, QTableWidgetItem(str(getattr(opd, key))))
        active = QCheckBox()
        active.setChecked(opd.active)
        self.table.setCellWidget(row, len(OPD_COLUMNS), active)
        if opd.code:
            self.table.item(row, 0).setToolTip(self.tr("Kode tetap; ganti nama di kolom Nama."))
        return row

    def type_row(self, **values: str) -> None:
        """One new OPD typed in a new row (as a clerk would, cell by cell)."""
        row = self.add_row(Opd(code="", name=""))
        for column, (key, _) in enumerate(OPD_COLUMNS):
            self.table.item(row, column).setText(values.get(key, ""))

    def import_file(self, path: str) -> bool:
        try:
            result = opd_service.import_opd(self.ctx, path)
        except (opd_service.OpdError, AccessDenied) as exc:
            self.messages.setText(str(exc))
            return False
        self.save(reload=False)
        self.reload()
        lines = [f"Baris {r['row']}: {r['message']}" for r in result.rejected]
        self.messages.setText(
            "\n".join([self.tr("{0} OPD diimpor.").format(result.accepted), *lines[:8]])
        )
        return not result.rejected

    def _import(self) -> None:
        path = SetupWizard.ask_opd_file(self)
        if path:
            self.import_file(path)

    def save(self, *, reload: bool = True) -> bool:
        for row in range(self.table.rowCount()):
            values = {
                key: (self.table.item(row, c).text() if self.table.item(row, c) else "")
                for c, (key, _) in enumerate(OPD_COLUMNS)
            }
            if not any(values.values()):
                continue
            active = self.table.cellWidget(row, len(OPD_COLUMNS)).isChecked()
            jkk = values.pop("jkk_class").strip() or "1"
            if not jkk.isdigit():
                self.messages.setText(
                    self.tr("Baris {0}: kelas risiko JKK isi angka 1 sampai 5.").format(row + 1)
                )
                return False
            values["jkk_class"] = int(jkk)
            code = opd_service.normalize_code(values["code"])
            base = self._stored.get(code) or Opd(code="", name="")
            opd = replace(base, **values, active=active)
            if opd == base:
                continue
            try:
                opd_service.save_opd(self.ctx, opd)
            except (opd_service.OpdError, AccessDenied) as exc:
                self.messages.setText(self.tr("Baris {0}: {1}").format(row + 1, exc))
                return False
        if reload:
            self.reload()
        return True


class OpdPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(self.tr("Daftar OPD"))
        self.setSubTitle(
            self.tr(
                "Ketik OPD satu per baris, atau impor daftar (KODE, NAMA OPD, NAMA KEPALA, NIP …)."
            )
        )
        self.editor = OpdEditor(wizard.ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)

    def validatePage(self) -> bool:
        if not self.editor.save():
            return False
        if not opd_service.list_opd(self.wizard_.ctx, active_only=True):
            self.editor.messages.setText(self.tr("Isi paling sedikit satu OPD."))
            return False
        settings_service.set_value(self.wizard_.ctx, "setup.step", settings_service.SETUP_DONE)
        return True


class SetupWizard(QWizard):
    # Replaced in tests: file dialogs would block.
    ask_logo = staticmethod(_ask_logo)
    ask_opd_file = staticmethod(_ask_opd_file)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings_service.load(ctx)
        self.setWindowTitle(self.tr("Penyiapan Pemda"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Selesai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Lanjutkan Nanti"))
        self.resize(820, 560)
        self.pages = {
            "pemda": PemdaPage(self),
            "kop": KopPage(self),
            "signer": SignerPage(self),
            "bpjs": BpjsPage(self),
            "floor": FloorPage(self),
            "opd": OpdPage(self),
        }
        for number, key in enumerate(PAGES):
            self.setPage(number, self.pages[key])
        step = self.settings.setup_step
        self.setStartId(PAGES.index(step) if step in PAGES else 0)

    def step_after(self, step: str) -> str:
        """The remembered step never goes back to a page once the wizard was finished."""
        return settings_service.SETUP_DONE if self.settings.setup_step == "done" else step


class OpdDialog(QDialog):
    """Alat → OPD: the same editor as the wizard's last page."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("OPD"))
        self.resize(900, 480)
        self.editor = OpdEditor(ctx)
        buttons = ok_cancel_buttons(self, self.tr("Simpan"), self._save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)

    def _save(self) -> None:
        if self.editor.save():
            self.accept()
