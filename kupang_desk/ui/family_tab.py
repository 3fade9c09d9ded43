"""The Keluarga and Kepesertaan BPJS tabs of the worker form.

A family has a handful of rows, so a plain QTableWidget holds them; the rules (one spouse,
the fourth child becomes "tambahan", age limits) come from services/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kupang_desk.domain.entities import (
    FamilyMember,
    Membership,
    Program,
    Relation,
    Sex,
    Worker,
    enum_or_none,
)
from kupang_desk.domain.family import RELATION_LABEL
from kupang_desk.domain.formatting import tanggal_pendek
from kupang_desk.domain.iuran import ROMAN
from kupang_desk.domain.memberships import (
    NEXT_STATUSES,
    STATUS_LABEL,
    TK_PROGRAMS,
    TransitionRefused,
)
from kupang_desk.domain.nik import MISMATCH_CODES
from kupang_desk.services import family as family_service
from kupang_desk.services import rates as rate_service
from kupang_desk.services.checks import explain_nik
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.errors import StoreError
from kupang_desk.ui.widgets import ERROR_STYLE, DateDelegate, show_message

COLUMNS = [
    "NIK",
    "Nama",
    "Hubungan",
    "Tgl lahir",
    "L/P",
    "Tempat lahir",
    "Pelajar",
    "Sekolah s.d.",
    "Menikah",
    "PPU sendiri",
    "Alasan NIK berbeda",
]
(NIK, NAME, RELATION, BIRTH, SEX, PLACE, STUDENT, STUDENT_UNTIL, MARRIED, PPU_SENDIRI,
 NIK_REASON) = range(len(COLUMNS))  # fmt: skip
TOOLTIPS = {
    STUDENT_UNTIL: "Surat keterangan sekolah/kuliah berlaku sampai (hh-bb-tttt): anak 21-25 "
    "tahun ditanggung sampai tanggal ini",
    PPU_SENDIRI: "Suami/istri terdaftar PPU melalui pemberi kerja sendiri: tidak masuk daftar "
    "dan berkas BPJS pegawai ini",
    NIK_REASON: "Isi hanya bila tanggal lahir/jenis kelamin memang berbeda dari NIK "
    "(dikoreksi Dukcapil, NIK tetap)",
}
DATE_COLUMNS = {BIRTH: "Tanggal lahir", STUDENT_UNTIL: "Tanggal surat sekolah/kuliah"}
_ID = Qt.ItemDataRole.UserRole
_SPOUSES = {str(Relation.SUAMI), str(Relation.ISTRI)}
MISMATCH_HINT = (
    " Bila memang berbeda dari NIK (dikoreksi Dukcapil), tulis alasannya di kolom "
    "Alasan NIK berbeda."
)


def issue_text(issue) -> str:
    """One line of the tab's message; a NIK that disagrees says how it can still be saved."""
    text = ("✖ " if issue.is_error else "⚠ ") + issue.message
    if issue.is_error and issue.code in MISMATCH_CODES:
        text += MISMATCH_HINT
    return text


def _ask_text(parent: QWidget, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def _parse_date(text: str) -> date | None:
    digits = text.replace("-", "").replace("/", "").strip()
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return None


class FamilyTab(QWidget):
    # Replaced in tests: an input dialog would block them.
    ask_text: Callable[[QWidget, str, str], str | None] = staticmethod(_ask_text)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._worker: Worker | None = None
        self._loaded: list[FamilyMember] = []
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        for column, tip in TOOLTIPS.items():
            self.table.horizontalHeaderItem(column).setToolTip(self.tr(tip))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for column, width in enumerate([140, 180, 95, 90, 55, 100, 60, 95, 65, 85, 160]):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton(self.tr("Tambah anggota"))
        self.remove_button = QPushButton(self.tr("Hapus dari tanggungan…"))
        self.save_button = QPushButton(self.tr("Simpan keluarga"))
        self.add_button.clicked.connect(self.add_member)
        for column in DATE_COLUMNS:
            self.table.setItemDelegateForColumn(column, DateDelegate(self.table))
        self.table.itemChanged.connect(self._item_changed)
        self._autofilled: dict[tuple[int, int], str] = {}  # (row, column) -> what we put
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_button.clicked.connect(self.save)
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        self.messages.setTextFormat(Qt.TextFormat.PlainText)
        self.messages.setStyleSheet(ERROR_STYLE)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.messages)

    def set_worker(self, worker: Worker | None) -> None:
        self._worker = worker
        saved = worker is not None and worker.id is not None
        for widget in (self.table, self.add_button, self.remove_button, self.save_button):
            widget.setEnabled(saved)
        self.hint.setText(
            self.tr(
                "Suami/istri dan sampai 3 anak ditanggung; anak ke-4 dan seterusnya otomatis "
                "menjadi peserta tambahan. Anak: di bawah 21 tahun (25 bila masih "
                "sekolah/kuliah: isi tanggal berlaku surat keterangannya) dan belum menikah. "
                "Suami/istri yang terdaftar PPU melalui pemberi kerja sendiri: centang PPU "
                "sendiri (tidak masuk daftar pegawai ini)."
            )
            if saved
            else self.tr("Simpan data pegawai dahulu, lalu isi keluarganya di sini.")
        )
        self._loaded = family_service.list_family(self._ctx, worker.id) if saved else []
        self._fill(self._loaded)
        self.messages.clear()

    def _fill(self, members: list[FamilyMember]) -> None:
        self._autofilled.clear()
        self.table.setRowCount(0)
        for member in members:
            self.add_row(member)

    def add_member(self) -> None:
        """Tambah anggota: a new row, the cursor already typing in its NIK cell."""
        row = self.add_row()
        self.table.setFocus()
        self.table.setCurrentCell(row, NIK)
        self.table.editItem(self.table.item(row, NIK))

    def _item_changed(self, item: QTableWidgetItem) -> None:
        """A typed NIK fills birth date and sex like the worker's (the domain NIK rule),
        never over what the clerk typed there."""
        if item.column() != NIK or len(item.text().strip()) != 16:
            return
        facts = explain_nik(item.text().strip())
        if facts["birth_date"] is None:
            return
        row = item.row()
        birth = self.table.item(row, BIRTH)
        born = tanggal_pendek(date.fromisoformat(facts["birth_date"]))
        if birth is not None and birth.text().strip() in ("", self._autofilled.get((row, BIRTH))):
            birth.setText(born)
            self._autofilled[(row, BIRTH)] = born
        sex = self.table.cellWidget(row, SEX)
        if sex is not None and sex.currentData() in ("", self._autofilled.get((row, SEX))):
            sex.setCurrentIndex(sex.findData(facts["sex"]))
            self._autofilled[(row, SEX)] = facts["sex"]

    def add_row(self, member: FamilyMember | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        nik = QTableWidgetItem(member.nik if member else "")
        nik.setData(_ID, member.id if member else None)
        self.table.setItem(row, NIK, nik)
        self.table.setItem(row, NAME, QTableWidgetItem(member.name if member else ""))
        self.table.setItem(
            row, BIRTH, QTableWidgetItem(tanggal_pendek(member.birth_date) if member else "")
        )
        self.table.setItem(row, PLACE, QTableWidgetItem(member.birth_place if member else ""))
        until = member.student_until if member else None
        self.table.setItem(row, STUDENT_UNTIL, QTableWidgetItem(tanggal_pendek(until)))
        self.table.setItem(
            row, NIK_REASON, QTableWidgetItem(member.nik_mismatch_reason if member else "")
        )
        relation = QComboBox()
        relation.addItem("", "")
        for code, label in RELATION_LABEL.items():
            relation.addItem(self.tr(label), str(code))
        relation.setCurrentIndex(max(relation.findData(member.relation if member else ""), 0))
        self.table.setCellWidget(row, RELATION, relation)
        sex = QComboBox()
        for code in ("", "L", "P"):
            sex.addItem(code, code)
        sex.setCurrentIndex(max(sex.findData(member.sex if member else ""), 0))
        self.table.setCellWidget(row, SEX, sex)
        for column, value in (
            (STUDENT, member and member.student),
            (MARRIED, member and member.married),
            (PPU_SENDIRI, member and member.ppu_sendiri),
        ):
            box = QCheckBox()
            box.setChecked(bool(value))
            self.table.setCellWidget(row, column, box)
        # Only a spouse can be covered through their own employer.
        ppu = self.table.cellWidget(row, PPU_SENDIRI)
        relation.currentIndexChanged.connect(
            lambda _=0, r=relation, b=ppu: b.setEnabled(r.currentData() in _SPOUSES)
        )
        ppu.setEnabled(relation.currentData() in _SPOUSES)
        return row

    def members_from_table(self) -> list[FamilyMember]:
        members = []
        worker_id = self._worker.id if self._worker else 0
        by_id = {m.id: m for m in self._loaded}
        for row in range(self.table.rowCount()):
            member_id = self.table.item(row, NIK).data(_ID)
            typed = FamilyMember(
                worker_id=worker_id,
                nik=self.table.item(row, NIK).text().strip(),
                name=self.table.item(row, NAME).text(),
                relation=enum_or_none(Relation, self.table.cellWidget(row, RELATION).currentData()),
                birth_date=_parse_date(self.table.item(row, BIRTH).text()),
                sex=enum_or_none(Sex, self.table.cellWidget(row, SEX).currentData()),
                birth_place=self.table.item(row, PLACE).text(),
                student=self.table.cellWidget(row, STUDENT).isChecked(),
                married=self.table.cellWidget(row, MARRIED).isChecked(),
                id=member_id,
                student_until=_parse_date(self.table.item(row, STUDENT_UNTIL).text()),
                ppu_sendiri=self.table.cellWidget(row, PPU_SENDIRI).isChecked(),
                nik_mismatch_reason=self.table.item(row, NIK_REASON).text(),
            )
            if member_id in by_id:
                typed = replace(by_id[member_id], **{
                    k: getattr(typed, k)
                    for k in ("nik", "name", "relation", "birth_date", "sex", "birth_place",
                              "student", "married", "student_until", "ppu_sendiri",
                              "nik_mismatch_reason")
                })  # fmt: skip
            members.append(typed)
        return members

    def is_dirty(self) -> bool:
        return self._worker is not None and self.members_from_table() != self._loaded

    def commit_pending_edit(self) -> None:
        """A cell still being edited holds its text in the editor, not in the table: hand
        it over so Ctrl+S saves what is on the screen."""
        _commit_open_editor(self.table)

    def save(self) -> bool:
        if self._worker is None or self._worker.id is None:
            return False
        for column, label in DATE_COLUMNS.items():
            unreadable = [
                self.table.item(r, column).text()
                for r in range(self.table.rowCount())
                if self.table.item(r, column).text().strip()
                and _parse_date(self.table.item(r, column).text()) is None
            ]
            if unreadable:
                show_message(
                    self.messages,
                    self.tr("{0} {1} tidak ada. Ketik hh-bb-tttt, mis. 05-03-2015.").format(
                        self.tr(label), ", ".join(unreadable)
                    ),
                )
                return False
        try:
            result = family_service.save_family(
                self._ctx, self._worker.id, self.members_from_table()
            )
        except (StoreError, AccessDenied) as exc:
            show_message(self.messages, str(exc))
            return False
        if not result.saved:
            show_message(self.messages, "\n".join(issue_text(i) for i in result.issues))
            return False
        self._loaded = result.members
        self._fill(self._loaded)
        notes = [issue_text(i) for i in result.issues]
        if notes:
            show_message(self.messages, "\n".join(notes), kind="warning")
        else:
            show_message(self.messages, self.tr("Data keluarga tersimpan."), kind="success")
        parent = self.parent()
        while parent is not None and not hasattr(parent, "membership_tab"):
            parent = parent.parent()
        if parent is not None:
            parent.membership_tab.reload()
        return True

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        member_id = self.table.item(row, NIK).data(_ID)
        if member_id is None:
            self.table.removeRow(row)
            return
        reason = self.ask_text(
            self,
            self.tr("Hapus dari tanggungan"),
            self.tr("Alasan (mis. cerai, meninggal, anak menikah):"),
        )
        if not reason or not reason.strip():
            return
        family_service.remove_family_member(self._ctx, member_id, reason=reason)
        self.set_worker(self._worker)


def _commit_open_editor(table: QTableWidget) -> None:
    if table.state() != QAbstractItemView.State.EditingState:
        return
    editor = QApplication.focusWidget()
    if editor is not None and table.isAncestorOf(editor):
        delegate = table.itemDelegate()
        delegate.commitData.emit(editor)
        delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)


class MembershipTab(QWidget):
    """Each person's BPJS Kesehatan / Ketenagakerjaan record and its status steps."""

    ask_text: Callable[[QWidget, str, str], str | None] = staticmethod(_ask_text)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._worker: Worker | None = None
        self._memberships: list[Membership] = []
        self._people: dict[int | None, str] = {}
        self.hint = QLabel()
        self._build_table()
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        self.messages.setTextFormat(Qt.TextFormat.PlainText)
        self.messages.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._build_editor())
        layout.addLayout(self._build_actions())
        layout.addWidget(self.messages)
        self._editing: Membership | None = None
        self._baseline: Membership | None = None  # the editor as last shown or saved

    # -- building -------------------------------------------------------------------------

    def _build_table(self) -> None:
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr(h)
                for h in ("Peserta", "Program", "No. kartu", "Rincian", "Status", "Tanggal")
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for column, width in enumerate([230, 120, 120, 250, 100]):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda *_: self._show_selected())

    def _build_editor(self) -> QFormLayout:
        """The selected membership's fields (a new one when none is selected)."""
        self.person = QComboBox()
        self.program = QComboBox()
        self.program.addItem(self.tr("BPJS Kesehatan"), str(Program.KESEHATAN))
        self.program.addItem(self.tr("BPJS Ketenagakerjaan"), str(Program.KETENAGAKERJAAN))
        self.card_number = QLineEdit()
        self.card_number.setPlaceholderText(self.tr("JKN 13 angka / KPJ 11 angka, bila sudah ada"))
        self.kelas = QComboBox()
        for kelas in ("", "1", "2", "3"):
            self.kelas.addItem(kelas, kelas)
        self.faskes_code = QLineEdit()
        self.faskes_code.setPlaceholderText(self.tr("mis. 0138U020"))
        self.faskes_name = QLineEdit()
        self.faskes_name.setPlaceholderText(self.tr("mis. PUSKESMAS OEBOBO"))
        self.tk_boxes = {p: QCheckBox(p) for p in TK_PROGRAMS}
        # 0 (stored None) follows the OPD's class or its jabatan rule; 1-5 is this membership's
        # own exception, shown "(khusus)" (domain.settings.jkk_class_for decides). Not None
        # as item data: PySide6 drops a reference to None per currentData() (issue 11).
        self.risk_class = QComboBox()
        self.risk_class.addItem(self.tr("Ikuti OPD"), 0)
        for risk in range(1, 6):
            self.risk_class.addItem(self.tr("{0} (khusus)").format(ROMAN[risk - 1]), risk)
        self.program.currentIndexChanged.connect(self._program_changed)
        tk_row = QWidget()
        tk_layout = QHBoxLayout(tk_row)
        tk_layout.setContentsMargins(0, 0, 0, 0)
        for box in self.tk_boxes.values():
            tk_layout.addWidget(box)
        tk_layout.addWidget(QLabel(self.tr("Kelas risiko JKK")))
        tk_layout.addWidget(self.risk_class)
        tk_layout.addStretch(1)
        editor = QFormLayout()
        editor.addRow(self.tr("Peserta"), self.person)
        editor.addRow(self.tr("Program"), self.program)
        editor.addRow(self.tr("No. kartu"), self.card_number)
        editor.addRow(self.tr("Kelas rawat"), self.kelas)
        editor.addRow(self.tr("Faskes tingkat I (kode)"), self.faskes_code)
        editor.addRow(self.tr("Faskes tingkat I (nama)"), self.faskes_name)
        editor.addRow(self.tr("Program Ketenagakerjaan"), tk_row)
        return editor

    def _build_actions(self) -> QHBoxLayout:
        """New, save, and one button per status step the record may take."""
        self.new_button = QPushButton(self.tr("Kepesertaan baru"))
        self.save_button = QPushButton(self.tr("Simpan kepesertaan"))
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.step_buttons = {
            "verified": QPushButton(self.tr("Verifikasi")),
            "submitted": QPushButton(self.tr("Ajukan ke BPJS")),
            "active": QPushButton(self.tr("Tandai aktif")),
            "rejected": QPushButton(self.tr("Ditolak…")),
            "inactive": QPushButton(self.tr("Nonaktifkan")),
            "draft": QPushButton(self.tr("Kembali ke draf")),
        }
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.save_button)
        actions.addSpacing(20)
        for status, button in self.step_buttons.items():
            button.clicked.connect(lambda _=False, s=status: self.change_status(s))
            actions.addWidget(button)
        actions.addStretch(1)
        return actions

    def set_worker(self, worker: Worker | None) -> None:
        self._worker = worker
        saved = worker is not None and worker.id is not None
        self.setEnabled(saved)
        self._program_changed()
        self.hint.setText(
            "" if saved else self.tr("Simpan data pegawai dahulu, lalu isi kepesertaannya di sini.")
        )
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Refill from the database; `select` (a membership id) stays selected, so its
        status buttons stay usable after a step. Typing not yet saved is kept."""
        pending = self.membership_from_fields() if self.is_dirty() else None
        worker = self._worker
        if worker is None or worker.id is None:
            self._memberships, self._people = [], {}
            self.table.setRowCount(0)
            self._baseline = None
            return
        self._people = {None: f"{worker.name} (pegawai)"}
        followed = rate_service.jkk_class(self._ctx, worker.opd_code, worker.jabatan)
        by_jabatan, by_opd = self.tr("Ikuti aturan jabatan: {0}"), self.tr("Ikuti OPD: {0}")
        follow = by_jabatan if followed.special else by_opd
        self.risk_class.setItemText(0, follow.format(ROMAN[followed.risk - 1]))
        for member in family_service.list_family(self._ctx, worker.id):
            self._people[member.id] = f"{member.name} ({member.relation})"
        self.person.clear()
        for member_id, label in self._people.items():
            self.person.addItem(label, member_id)
        self._memberships = family_service.list_memberships(self._ctx, worker.id)
        self.table.setRowCount(len(self._memberships))
        for row, m in enumerate(self._memberships):
            if m.program == Program.KESEHATAN:
                detail = f"Kelas {m.kelas_rawat or '-'} · {m.faskes_code} {m.faskes_name}".strip()
            else:
                jkk = rate_service.jkk_class(
                    self._ctx, worker.opd_code, worker.jabatan, m.jkk_risk_class
                )
                detail = f"{m.tk_programs.replace(',', ', ')} · risiko JKK {jkk.label}"
            steps = [
                (label, value)
                for label, value in (
                    ("verifikasi", m.verified_at),
                    ("diajukan", m.submitted_at),
                    ("aktif", m.active_at),
                    ("ditolak", m.rejected_at),
                    ("nonaktif", m.inactive_at),
                )
                if value
            ]
            status = STATUS_LABEL.get(m.status, m.status)
            if m.rejected_reason and m.status == "rejected":
                status += f": {m.rejected_reason}"
            for column, text in enumerate(
                (
                    self._people.get(m.family_member_id, "?"),
                    "Kesehatan" if m.program == Program.KESEHATAN else "Ketenagakerjaan",
                    m.card_number or "—",
                    detail,
                    status,
                    ", ".join(f"{label} {tanggal_pendek(value)}" for label, value in steps),
                )
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.start_new()
        if pending is not None and pending.id is not None:
            select = pending.id
        if select is not None:
            self.select_membership(select)
        if pending is not None:
            self._show(pending)

    def select_membership(self, membership_id: int) -> None:
        for row, m in enumerate(self._memberships):
            if m.id == membership_id:
                self.table.selectRow(row)
                self.table.setCurrentCell(row, 0)
                self._show_selected()  # also when the current cell did not move
                return

    def _program_changed(self) -> None:
        """Only the fields of the chosen program can be typed in."""
        kesehatan = self.program.currentData() == Program.KESEHATAN
        for widget in (self.kelas, self.faskes_code, self.faskes_name):
            widget.setEnabled(kesehatan)
        for widget in (*self.tk_boxes.values(), self.risk_class):
            widget.setEnabled(not kesehatan)

    def _show_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._memberships):
            return
        self._editing = self._memberships[row]
        self._show(self._editing)
        self._baseline = self.membership_from_fields()
        self._enable_steps()

    def _show(self, m: Membership) -> None:
        self.person.setCurrentIndex(max(self.person.findData(m.family_member_id), 0))
        self.program.setCurrentIndex(self.program.findData(str(m.program)))
        self.card_number.setText(m.card_number)
        self.kelas.setCurrentIndex(max(self.kelas.findData(m.kelas_rawat), 0))
        self.faskes_code.setText(m.faskes_code)
        self.faskes_name.setText(m.faskes_name)
        chosen = m.tk_programs.split(",")
        for program, box in self.tk_boxes.items():
            box.setChecked(program in chosen)
        self.risk_class.setCurrentIndex(max(self.risk_class.findData(m.jkk_risk_class or 0), 0))

    def is_dirty(self) -> bool:
        """Typed in the editor and not saved (a new membership or a change)."""
        saved_worker = self._worker is not None and self._worker.id is not None
        return (
            saved_worker
            and self._baseline is not None
            and self.membership_from_fields() != self._baseline
        )

    def commit_pending_edit(self) -> None:
        """The editor's fields are plain widgets: nothing is held back (the family tab's
        table cells are)."""

    def start_new(self) -> None:
        self._editing = None
        self.table.clearSelection()
        self.card_number.clear()
        self.faskes_code.clear()
        self.faskes_name.clear()
        for program, box in self.tk_boxes.items():
            box.setChecked(program in ("JKK", "JKM"))
        self.risk_class.setCurrentIndex(0)  # follow the OPD
        self._baseline = (
            self.membership_from_fields()
            if self._worker is not None and self._worker.id is not None
            else None
        )
        self._enable_steps()

    def _enable_steps(self) -> None:
        allowed = NEXT_STATUSES.get(self._editing.status, ()) if self._editing else ()
        for status, button in self.step_buttons.items():
            button.setEnabled(status in allowed)

    def membership_from_fields(self) -> Membership:
        program = Program(self.program.currentData())
        base = self._editing or Membership(program=program, worker_id=self._worker.id)
        return replace(
            base,
            program=program,
            family_member_id=self.person.currentData(),
            card_number=self.card_number.text(),
            kelas_rawat=self.kelas.currentData() or "",
            faskes_code=self.faskes_code.text(),
            faskes_name=self.faskes_name.text(),
            tk_programs=",".join(p for p, box in self.tk_boxes.items() if box.isChecked()),
            jkk_risk_class=self.risk_class.currentData() or None,
        )

    def save(self) -> bool:
        if self._worker is None:
            return False
        try:
            result = family_service.save_membership(self._ctx, self.membership_from_fields())
        except (StoreError, AccessDenied) as exc:
            show_message(self.messages, str(exc))
            return False
        if not result.saved:
            show_message(self.messages, "\n".join("✖ " + i.message for i in result.issues))
            return False
        self._baseline = None  # saved: nothing left to keep through the reload
        self.reload(select=result.membership.id)
        show_message(self.messages, self.tr("Kepesertaan tersimpan."), kind="success")
        return True

    def change_status(self, status: str) -> None:
        if self._editing is None or self._editing.id is None:
            return
        reason = ""
        if status == "rejected":
            reason = self.ask_text(
                self, self.tr("Kepesertaan ditolak"), self.tr("Alasan penolakan:")
            )
            if reason is None:
                return
        try:
            changed = family_service.change_status(
                self._ctx, self._editing.id, status, on=date.today(), reason=reason
            )
        except (TransitionRefused, AccessDenied, StoreError) as exc:
            show_message(self.messages, str(exc))
            return
        self.reload(select=changed.id)
        show_message(
            self.messages,
            self.tr("Status menjadi {0}.").format(STATUS_LABEL.get(status, status)),
            kind="success",
        )
