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
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
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
    KES_DATE_FORMATS,
    LEVEL_LABEL,
    LEVELS,
    TYPE_PROGRAMS,
    pemda_name,
    program_key,
)
from kupang_desk.domain.text_limits import ADDRESS_LINES, LABELS
from kupang_desk.services import opd as opd_service
from kupang_desk.services import rates as rate_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.ui import files
from kupang_desk.ui.rates_dialog import INDONESIAN
from kupang_desk.ui.widgets import ERROR_STYLE, ok_cancel_buttons, show_message

PAGES = settings_service.SETUP_STEPS
OPD_COLUMNS = (
    ("code", "Kode"),
    ("name", "Nama OPD"),
    ("short_name", "Singkatan"),
    ("head_title", "Jabatan kepala"),
    ("head_name", "Nama kepala"),
    ("head_nip", "NIP kepala"),
    ("head_pangkat", "Pangkat/gol."),
    ("address", "Alamat kop (baris dipisah |)"),
    ("jkk_class", "Kelas JKK (1-5)"),
    ("npp", "NPP BPJS TK"),
)


# What a new row shows (Opd's defaults: Kepala Dinas, JKK class 1): left so, it is skipped.
_BLANK_ROW = {key: str(getattr(Opd(code="", name=""), key)) for key, _ in OPD_COLUMNS}
_WIDE_COLUMNS = {"name": 220, "address": 220}  # px at least: they hold long text


def _ask_logo(parent: QWidget) -> str:
    path = files.ask_open(parent, parent.tr("Pilih Logo"), parent.tr("Gambar (*.png *.jpg *.jpeg)"))
    return str(path) if path else ""


def _ask_opd_file(parent: QWidget) -> str:
    path = files.ask_open(
        parent, parent.tr("Impor Daftar OPD"), parent.tr("Lembar kerja (*.xlsx *.xls *.ods *.csv)")
    )
    return str(path) if path else ""


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
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, str] = {}  # key -> the label a clerk sees, for messages
        self.messages = QLabel(wordWrap=True)
        self.messages.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.messages)

    def add_field(self, key: str, label: str, widget: QWidget, form: QFormLayout | None = None):
        self.fields[key] = widget
        # "Tempat tanda tangan (mis. Atambua)" -> "Tempat tanda tangan" in a message
        self.labels[key] = label.split("\n")[0].split(" (")[0]
        (form or self.form).addRow(self.tr(label), widget)
        return widget

    def line(self, key: str, label: str, form: QFormLayout | None = None) -> QLineEdit:
        edit = QLineEdit(str(getattr(self.wizard_.settings, _field(key))))
        return self.add_field(key, label, edit, form)

    def choice(self, key: str, label: str, options, form: QFormLayout | None = None) -> QComboBox:
        box = QComboBox()
        box.addItems(list(options))
        box.setCurrentText(str(getattr(self.wizard_.settings, _field(key))))
        return self.add_field(key, label, box, form)

    def lines_box(self, key: str, label: str) -> QPlainTextEdit:
        """Several short lines (the kop address): Tab moves on, Enter starts a line."""
        edit = QPlainTextEdit(str(getattr(self.wizard_.settings, _field(key))))
        edit.setTabChangesFocus(True)
        edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        margins = edit.contentsMargins()
        edit.setFixedHeight(
            int(
                edit.fontMetrics().lineSpacing() * ADDRESS_LINES
                + 2 * edit.document().documentMargin()
                + margins.top()
                + margins.bottom()
                + 4
            )
        )
        return self.add_field(key, label, edit)

    def values(self) -> dict[str, str | bytes]:
        return {key: _text_of(w) for key, w in self.fields.items()}

    def save(self) -> None:
        next_step = PAGES[min(PAGES.index(self.key) + 1, len(PAGES) - 1)]
        self.wizard_.settings = settings_service.set_values(
            self.wizard_.ctx, {**self.values(), "setup.step": self.wizard_.step_after(next_step)}
        )

    def validatePage(self) -> bool:
        try:
            self.save()
        except (settings_service.SettingError, rate_service.RateError, AccessDenied) as exc:
            self.messages.setText(self.in_words(str(exc)))
            return False
        self.messages.setText("")
        return True

    def in_words(self, message: str) -> str:
        """The settings rule names the key (`rekap.signer_nip: …`, as the CLI needs); here
        the field's label replaces it and the cursor goes to that field."""
        for key, label in self.labels.items():
            if message.startswith(f"{key}:"):
                if key in self.fields:
                    self.fields[key].setFocus()
                return label + message[len(key) :]
        return message


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QCheckBox):
        return "1" if widget.isChecked() else "0"
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return widget.text()


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
        # Top to bottom (the name was made first); the cursor starts at Tingkat.
        QWidget.setTabOrder(self.level, self.region)
        QWidget.setTabOrder(self.region, self.name)
        self.labels.update({"pemda.level": "Tingkat", "pemda.region_code": "Wilayah"})
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

    def initializePage(self) -> None:
        self.level.setFocus()

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
        address = self.lines_box(
            "pemda.address",
            f"Alamat pada kop\n(sampai {ADDRESS_LINES} baris)",
        )
        address.setPlaceholderText(
            self.tr("Jalan …, Kelurahan …\nTelepon (0389) … · Email … · Kode Pos …")
        )
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
        # Two boxes, one per BPJS: the labels stay short and the fields wide.
        kes_box, kes = _group(self.tr("BPJS Kesehatan (kepala Form Mutasi Data Peserta)"))
        for key, label in (
            ("bpjs_kes.nama_instansi", "Nama instansi"),
            ("bpjs_kes.kode_va", "Kode badan usaha / VA"),
            ("bpjs_kes.nomor_pks", "Nomor PKS"),
            ("bpjs_kes.kode_pks", "Kode PKS"),
            ("bpjs_kes.masa_berlaku", "Masa berlaku PKS"),
            ("bpjs_kes.kode_kc", "Kode KC"),
            ("bpjs_kes.kode_dati2", "Kode Dati II"),
            ("bpjs_kes.jenis_peserta", "Jenis peserta"),
            ("bpjs_kes.bank", "Bank"),
            ("bpjs_kes.tanggal_registrasi", "Tanggal registrasi"),
            ("bpjs_kes.kode_tanggungan", "Kode tanggungan"),
        ):
            self.line(key, label, kes)
        self.fields["bpjs_kes.tanggal_registrasi"].setPlaceholderText(self.tr("hh-bb-tttt"))
        self.choice("bpjs_kes.format_tanggal", "Format tanggal di berkas", KES_DATE_FORMATS, kes)
        tk_box, tk = _group(self.tr("BPJS Ketenagakerjaan (NPP untuk OPD tanpa NPP sendiri)"))
        npp = self.line("bpjs_tk.npp", "NPP pemda", tk)
        npp.setPlaceholderText(self.tr("angka saja, umumnya 8"))
        self.form.addRow(kes_box)
        self.form.addRow(tk_box)

    def initializePage(self) -> None:
        # What the export writes for a blank field: the pemda chosen on the first page.
        settings = self.wizard_.settings
        for key, fallback in (
            ("bpjs_kes.nama_instansi", settings.name),
            ("bpjs_kes.kode_dati2", settings.region_code),
        ):
            self.fields[key].setPlaceholderText(
                self.tr("kosong: {0}").format(fallback) if fallback else ""
            )


def _group(title: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    return box, QFormLayout(box)


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
        self.umk.setLocale(INDONESIAN)  # Rp 2.500.000, not 2,500,000
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
        if not self._stored:
            self.add_row(Opd(code="", name=""))  # a first row to type in, not a blank table
        # Wide enough for the header and the values (a NIP in full), but a long name
        # wraps instead of pushing the other columns off the screen.
        self.table.resizeColumnsToContents()
        for column, (key, _) in enumerate(OPD_COLUMNS):
            width = max(self.table.columnWidth(column), _WIDE_COLUMNS.get(key, 90))
            self.table.setColumnWidth(column, min(width, 260))
        self.table.resizeRowsToContents()

    def add_row(self, opd: Opd) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, (key, _) in enumerate(OPD_COLUMNS):
            # A cell holds one line: the kop's address lines are shown and typed with "|".
            text = str(getattr(opd, key)).replace("\n", " | ")
            self.table.setItem(row, column, QTableWidgetItem(text))
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

    def show_error(self, text: str) -> None:
        show_message(self.messages, text, kind="error")

    def import_file(self, path: str) -> bool:
        """A dry run first: the preview lists every row (accepted, or rejected with the
        field and reason); only its "Impor N baris" saves. False when nothing is shown."""
        if not self.save():  # typed rows first: the preview then sees them as stored
            return False
        try:
            result = opd_service.import_opd(self.ctx, path, dry_run=True)
        except (opd_service.OpdError, AccessDenied) as exc:
            self.show_error(str(exc))
            return False
        self.preview = OpdImportPreview(result, Path(path).name, self)
        self.preview.accepted.connect(lambda: self._import_confirmed(path))
        self.preview.rejected.connect(
            lambda: show_message(
                self.messages,
                self.tr("Impor dibatalkan: tidak ada OPD yang diubah."),
                kind="warning",
            )
        )
        self.preview.open()
        return True

    def _import_confirmed(self, path: str) -> None:
        try:
            result = opd_service.import_opd(self.ctx, path)
        except (opd_service.OpdError, AccessDenied) as exc:
            self.show_error(str(exc))
            return
        self.reload()
        skipped = len({r["row"] for r in result.rejected})
        if skipped:
            text = self.tr("{0} OPD diimpor, {1} baris dilewati.").format(result.accepted, skipped)
            show_message(self.messages, text, kind="warning")
        else:
            show_message(
                self.messages, self.tr("{0} OPD diimpor.").format(result.accepted), kind="success"
            )

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
            if values == _BLANK_ROW or not any(values.values()):  # a row nobody typed in
                continue
            active = self.table.cellWidget(row, len(OPD_COLUMNS)).isChecked()
            jkk = values.pop("jkk_class").strip() or "1"
            if not jkk.isdigit():
                self.show_error(
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
                self.show_error(self.tr("Baris {0}: {1}").format(row + 1, exc))
                return False
        if reload:
            self.reload()
        return True


_IMPORT_STATUS = {"baru": "Baru", "diperbarui": "Diperbarui", "ditolak": "Ditolak"}
_IMPORT_COLOURS = {"baru": "#d9f2d9", "diperbarui": "#d6e6fa", "ditolak": "#f8d0d0"}


def _reason(line: opd_service.OpdImportLine, field: str, message: str) -> str:
    """ "NIP kepala: NIP 1974…: harus 18 angka": the row already shows the OPD's code."""
    message = message.removeprefix(f"OPD {line.code}: ")
    label = LABELS.get(field, field)
    return message if message.startswith(label) else f"{label}: {message}"


class OpdImportPreview(QDialog):
    """The dry run of an OPD list: one line per spreadsheet row, then Impor N baris / Batal."""

    COLUMNS = ("Baris", "Kode", "Nama OPD", "Hasil", "Keterangan")

    def __init__(self, result: opd_service.OpdImportResult, file_name: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pratinjau Impor OPD"))
        self.resize(860, 420)
        counts = {key: sum(line.status == key for line in result.lines) for key in _IMPORT_STATUS}
        self.summary = QLabel(
            self.tr(
                "{0}: {1} baris. {2} OPD baru, {3} diperbarui, {4} ditolak. Belum ada yang "
                "disimpan; periksa lalu pilih Impor."
            ).format(
                file_name, result.rows, counts["baru"], counts["diperbarui"], counts["ditolak"]
            ),
            wordWrap=True,
        )
        self.table = QTableWidget(len(result.lines), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        for row, line in enumerate(result.lines):
            reasons = "; ".join(_reason(line, field, message) for field, message in line.problems)
            cells = (str(line.row), line.code, line.name, _IMPORT_STATUS[line.status], reasons)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setBackground(QColor(_IMPORT_COLOURS[line.status]))
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        buttons = ok_cancel_buttons(
            self, self.tr("Impor {0} baris").format(result.accepted), self.accept
        )
        self.import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setEnabled(result.accepted > 0)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def row_texts(self) -> list[list[str]]:
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]


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
            self.editor.show_error(self.tr("Isi paling sedikit satu OPD."))
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
        self.resize(960, 620)
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
        return (
            settings_service.SETUP_DONE
            if self.settings.setup_step == settings_service.SETUP_DONE
            else step
        )


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
