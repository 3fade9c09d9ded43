"""Pengaturan (admin): contribution rates by year, the pemda's settings, JKK risk classes.

Every value shows the regulation it comes from; saving goes through services/rates.py,
which checks the values, refuses non-admins and writes the history.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kupang_desk import APP_NAME
from kupang_desk.domain.iuran import REGULATIONS, RateTable
from kupang_desk.domain.settings import JkkDefault, PemdaSettings
from kupang_desk.services import rates as rate_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.errors import StoreError
from kupang_desk.ui.widgets import ERROR_STYLE, MoneyField

MONEY_FIELDS = {
    "umk": "UMK (batas bawah upah)",
    "kes_ceiling": "Batas atas upah BPJS Kesehatan",
    "kelas1_above": "Kelas 1 bila upah di atas",
    "jp_cap_jan_feb": "Batas upah JP Januari–Februari",
    "jp_cap": "Batas upah JP mulai Maret",
}
PERCENT_FIELDS = {
    "kes_employer_bp": "Kesehatan: pemberi kerja",
    "kes_worker_bp": "Kesehatan: pekerja",
    "kes_extra_member_bp": "Kesehatan: anggota tambahan",
    "jkm_bp": "JKM",
    "jht_employer_bp": "JHT: pemberi kerja",
    "jht_worker_bp": "JHT: pekerja",
    "jp_employer_bp": "JP: pemberi kerja",
    "jp_worker_bp": "JP: pekerja",
}
ROMAN = ("I", "II", "III", "IV", "V")
INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)  # 1.234.567 / 0,24


def _money(label: str) -> MoneyField:
    box = MoneyField(label)  # the same reading of "2.532.853" / "Rp 2.532.853,-" as Upah
    box.setMaximumWidth(200)
    return box


def _percent() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setLocale(INDONESIAN)
    box.setDecimals(2)
    box.setRange(0, 20)
    box.setSingleStep(0.01)
    box.setSuffix(" %")
    return box


def _source(key: str) -> QLabel:
    label = QLabel(REGULATIONS.get(key.replace("_jan_feb", ""), ""))
    label.setStyleSheet("color: #555;")
    return label


class RatesDialog(QDialog):
    def __init__(self, ctx: AppContext, opd_codes: list[str], parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Pengaturan Tarif Iuran"))
        self.setMinimumWidth(940)
        # As this pemda uses them: UMK 0 (an empty field) while its own is not entered.
        self.tables = {t.year: t for t in rate_service.list_rates(ctx)}

        self.opd_codes = opd_codes
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_rates_page(), self.tr("Tarif iuran"))
        self.tabs.addTab(self._build_pemda_page(ctx), self.tr("Pemda"))
        self.tabs.addTab(self._build_jkk_page(ctx), self.tr("Kelas risiko JKK"))
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        self.messages.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        # Above the tabs, whatever year is shown: the current year missing, or a copy.
        self.year_warning = QLabel(rate_service.year_warning(ctx) or "", wordWrap=True)
        self.year_warning.setStyleSheet(ERROR_STYLE)
        self.year_warning.setVisible(bool(self.year_warning.text()))
        layout.addWidget(self.year_warning)
        layout.addWidget(self.tabs)
        layout.addWidget(self.messages)
        layout.addWidget(self._build_buttons())

        self._fill_years()
        self.year.currentIndexChanged.connect(self._show_year)
        self._show_year()

    # -- building -------------------------------------------------------------------------

    def _build_rates_page(self) -> QWidget:
        """The year's rates, each with the regulation it comes from."""
        self.year = QComboBox()
        new_year = QPushButton(self.tr("Tahun baru…"))
        new_year.clicked.connect(self.add_year)
        self.money = {key: _money(label) for key, label in MONEY_FIELDS.items()}
        self.percent = {key: _percent() for key in PERCENT_FIELDS}
        self.jkk = [_percent() for _ in ROMAN]
        self.note = QLineEdit()

        rates_form = QFormLayout()
        year_row = QHBoxLayout()
        year_row.addWidget(self.year, 1)
        year_row.addWidget(new_year)
        rates_form.addRow(self.tr("Tahun"), year_row)
        # The seeded UMK belongs to one city: any other pemda is asked for its own.
        self.floor_warning = QLabel(wordWrap=True)
        self.floor_warning.setStyleSheet(ERROR_STYLE)
        for key, label in MONEY_FIELDS.items():
            rates_form.addRow(self.tr(label), self._with_source(self.money[key], key))
        for key, label in PERCENT_FIELDS.items():
            rates_form.addRow(self.tr(label), self._with_source(self.percent[key], key))
        for numeral, box in zip(ROMAN, self.jkk, strict=True):
            rates_form.addRow(
                self.tr("JKK kelas risiko {0}").format(numeral), self._with_source(box, "jkk_bp")
            )
        rates_form.addRow(self.tr("Catatan / dasar hukum"), self.note)
        rates_page = QWidget()
        rates_layout = QVBoxLayout(rates_page)  # a wrapped label in a form row gets clipped
        rates_layout.addWidget(self.floor_warning)
        rates_layout.addLayout(rates_form)
        return rates_page

    def _build_pemda_page(self, ctx: AppContext) -> QWidget:
        """The kop, the place of signing, the programs enrolled, the rekap's signer."""
        settings = self._settings = settings_service.load(ctx)
        self.city = QLineEdit(settings.name)
        self.place = QLineEdit(settings.place)
        self.kelas_enabled = QCheckBox(self.tr("Cetak kelas rawat (matikan bila KRIS berlaku)"))
        self.kelas_enabled.setChecked(settings.kelas_enabled)
        self.jht = QCheckBox(self.tr("Pemda mendaftarkan JHT"))
        self.jht.setChecked(settings.jht_enrolled)
        self.jp = QCheckBox(self.tr("Pemda mendaftarkan JP"))
        self.jp.setChecked(settings.jp_enrolled)
        self.signer_title = QLineEdit(settings.rekap_signer_title)
        self.signer_name = QLineEdit(settings.rekap_signer_name)
        self.signer_nip = QLineEdit(settings.rekap_signer_nip)
        pemda_form = QFormLayout()
        pemda_form.addRow(self.tr("Kop (baris pertama)"), self.city)
        pemda_form.addRow(self.tr("Tempat penandatanganan"), self.place)
        pemda_form.addRow("", self.kelas_enabled)
        pemda_form.addRow(self.tr("BPJS Ketenagakerjaan"), self.jht)
        pemda_form.addRow("", self.jp)
        pemda_form.addRow(self.tr("Penanda tangan rekap: jabatan"), self.signer_title)
        pemda_form.addRow(self.tr("Penanda tangan rekap: nama"), self.signer_name)
        pemda_form.addRow(self.tr("Penanda tangan rekap: NIP"), self.signer_nip)
        pemda_page = QWidget()
        pemda_page.setLayout(pemda_form)
        return pemda_page

    def _build_jkk_page(self, ctx: AppContext) -> QWidget:
        """JKK risk classes for one jabatan within an OPD (exceptions to the OPD's)."""
        self.jkk_table = QTableWidget(0, 3)
        self.jkk_table.setHorizontalHeaderLabels(
            [self.tr("Kode OPD"), self.tr("Jabatan"), self.tr("Kelas 1–5")]
        )
        self.jkk_table.horizontalHeader().setStretchLastSection(True)
        self.jkk_table.setColumnWidth(1, 320)
        for default in rate_service.list_jkk_defaults(ctx):
            self._add_jkk_row(default)
        add_row = QPushButton(self.tr("Tambah baris"))
        add_row.clicked.connect(lambda: self._add_jkk_row(JkkDefault("", "", 1)))
        remove_row = QPushButton(self.tr("Hapus baris"))
        remove_row.clicked.connect(lambda: self.jkk_table.removeRow(self.jkk_table.currentRow()))
        jkk_page = QWidget()
        jkk_layout = QVBoxLayout(jkk_page)
        jkk_layout.addWidget(
            QLabel(
                self.tr(
                    "Kelas risiko JKK mengikuti pendaftaran pemberi kerja (NPP) tiap OPD dan "
                    "diisi pada data OPD (Alat → OPD): jasa pemerintahan kelompok I, 0,24% "
                    "(PP 44/2015 Lampiran I). Di sini hanya pengecualian untuk satu jabatan "
                    'dalam OPD (dicetak "khusus"); kelas yang dipilih pada kepesertaan '
                    "seorang pegawai didahulukan."
                ),
                wordWrap=True,
            )
        )
        jkk_layout.addWidget(self.jkk_table)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add_row)
        buttons_row.addWidget(remove_row)
        buttons_row.addStretch(1)
        jkk_layout.addLayout(buttons_row)
        return jkk_page

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("Simpan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        return buttons

    @staticmethod
    def _with_source(box: QWidget, key: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addWidget(_source(key), 1)
        return row

    def _fill_years(self, current: int | None = None) -> None:
        self.year.blockSignals(True)
        self.year.clear()
        for year in sorted(self.tables):
            self.year.addItem(str(year), year)
        latest = current or (max(self.tables) if self.tables else None)
        self.year.setCurrentIndex(max(self.year.findData(latest), 0))
        self.year.blockSignals(False)

    def _show_year(self) -> None:
        table = self.tables.get(self.year.currentData())
        if table is None:
            return
        for key, box in self.money.items():
            value = getattr(table, key)
            box.set_value(value if value or key != "umk" else None)  # 0: not entered
        for key, box in self.percent.items():
            box.setValue(getattr(table, key) / 100)
        for box, bp in zip(self.jkk, table.jkk_bp, strict=True):
            box.setValue(bp / 100)
        self.note.setText(table.note)
        missing = rate_service.wage_floor_missing(self.ctx, table.year)
        self.floor_warning.setText(missing or "")
        self.floor_warning.setVisible(bool(missing))

    def add_year(self) -> None:
        year, ok = QInputDialog.getInt(
            self,
            self.tr("Tahun baru"),
            self.tr("Tahun"),
            max(self.tables, default=2026) + 1,
            2000,
            2100,
        )
        if ok:
            self.add_year_from_latest(year)

    def add_year_from_latest(self, year: int) -> None:
        """A new year starts as a copy of the latest one; the admin then edits what changed."""
        if year not in self.tables and self.tables:
            self.tables[year] = replace(self.tables[max(self.tables)], year=year, note="")
        self._fill_years(year)
        self._show_year()

    def rates_from_fields(self) -> RateTable:
        for box in self.money.values():
            if box.problem():
                raise rate_service.RateError(box.problem())
        values = {key: box.value() or 0 for key, box in self.money.items()}
        values.update({key: round(box.value() * 100) for key, box in self.percent.items()})
        return RateTable(
            year=self.year.currentData(),
            jkk_bp=tuple(round(box.value() * 100) for box in self.jkk),
            note=self.note.text().strip(),
            **values,
        )

    def settings_from_fields(self) -> PemdaSettings:
        return replace(
            self._settings,
            name=self.city.text().strip(),
            place=self.place.text().strip(),
            kelas_enabled=self.kelas_enabled.isChecked(),
            jht_enrolled=self.jht.isChecked(),
            jp_enrolled=self.jp.isChecked(),
            rekap_signer_title=self.signer_title.text().strip(),
            rekap_signer_name=self.signer_name.text().strip(),
            rekap_signer_nip=self.signer_nip.text().strip(),
        )

    def _add_jkk_row(self, default: JkkDefault) -> None:
        row = self.jkk_table.rowCount()
        self.jkk_table.insertRow(row)
        self.jkk_table.setItem(row, 0, QTableWidgetItem(default.opd_code))
        self.jkk_table.setItem(row, 1, QTableWidgetItem(default.jabatan))
        self.jkk_table.setItem(row, 2, QTableWidgetItem(str(default.risk_class)))

    def jkk_from_table(self) -> list[JkkDefault]:
        defaults = []
        for row in range(self.jkk_table.rowCount()):
            cells = [self.jkk_table.item(row, c) for c in range(3)]
            code, jabatan, risk = (c.text().strip() if c else "" for c in cells)
            if not code:
                continue
            if code.upper() not in self.opd_codes:
                raise rate_service.RateError(
                    f"Baris {row + 1}: kode OPD {code} tidak ada. Tulis kode seperti DLHK."
                )
            if not jabatan:
                raise rate_service.RateError(
                    f"Baris {row + 1}: isi jabatannya. Kelas seluruh OPD diisi pada data OPD "
                    "(Alat → OPD, kolom Kelas JKK)."
                )
            if not risk.isdigit():
                raise rate_service.RateError(f"Baris {row + 1}: kelas risiko harus angka 1–5.")
            defaults.append(JkkDefault(code.upper(), jabatan, int(risk)))
        return defaults

    def save(self) -> None:
        try:
            rates = self.rates_from_fields()
            jkk = self.jkk_from_table()
            rate_service.save_rates_and_settings(self.ctx, rates, self.settings_from_fields(), jkk)
        except (rate_service.RateError, AccessDenied) as exc:
            self.messages.setText(str(exc))
            return
        except StoreError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self.tables[rates.year] = rates
        self.accept()
