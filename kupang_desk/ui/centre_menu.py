"""The "Pusat" menu: Kirim ke Pusat, Gabungkan Data OPD, Rekonsiliasi BPJS, Daftarkan
Kantor OPD, Kantor OPD Terdaftar (revoking a key).

Kept out of main_window.py so the window only has to create it. File choosers and
warnings sit behind replaceable attributes, so tests never block on a dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from kupang_desk import APP_NAME
from kupang_desk.domain.accounts import Role
from kupang_desk.services import bundles as bundle_service
from kupang_desk.services import enrollment as enrollment_service
from kupang_desk.services import reconcile as reconcile_service
from kupang_desk.services.context import AccessDenied, AppContext, own_connection
from kupang_desk.services.errors import StoreError
from kupang_desk.ui import files
from kupang_desk.ui.background import BackgroundTask, TaskControl, run_in_background
from kupang_desk.ui.bundle_merge_dialog import BundleMergeDialog
from kupang_desk.ui.offices_dialog import OfficesDialog
from kupang_desk.ui.reconcile_dialog import ReconcileDialog


def _ask_save_bundle(parent: QWidget, suggested: str) -> Path | None:
    return files.ask_save(
        parent,
        parent.tr("Kirim ke Pusat — simpan berkas kiriman (mis. ke flashdisk)"),
        suggested,
        parent.tr("Berkas kiriman Kupang Desk (*.zip)"),
    )


def _ask_open_bundle(parent: QWidget) -> Path | None:
    return files.ask_open(
        parent,
        parent.tr("Gabungkan Data OPD — pilih berkas kiriman"),
        parent.tr("Berkas kiriman Kupang Desk (*.zip)"),
    )


def _ask_open_bpjs_list(parent: QWidget) -> Path | None:
    return files.ask_open(
        parent,
        parent.tr("Rekonsiliasi — pilih daftar peserta dari BPJS"),
        parent.tr("Lembar kerja (*.xlsx *.xls *.ods *.csv)"),
    )


def _ask_save_enrollment(parent: QWidget, suggested: str) -> Path | None:
    return files.ask_save(
        parent,
        parent.tr("Daftarkan Kantor OPD — simpan berkas pemasangan"),
        suggested,
        parent.tr("Berkas pemasangan Kupang Desk (*.kdp)"),
    )


MERGE_ERRORS = (
    bundle_service.BundleDamaged,
    bundle_service.BundleError,
    AccessDenied,
    StoreError,
)


def merge_file(ctx: AppContext, path: Path, _control: TaskControl) -> bundle_service.MergeReport:
    """On the background thread, on a writer's connection of its own: one transaction."""
    with own_connection(ctx) as own:
        return bundle_service.merge_bundle(own, path)


def _warn(parent: QWidget, message: str) -> None:
    QMessageBox.warning(parent, APP_NAME, message)


def _inform(parent: QWidget, message: str) -> None:
    QMessageBox.information(parent, APP_NAME, message)


class CentreMenu(QObject):
    merge_ended = Signal()  # a merge finished (its dialog open) or was refused
    # Replaced in tests: file choosers and message boxes would block them.
    ask_save_bundle: Callable[[QWidget, str], Path | None] = staticmethod(_ask_save_bundle)
    ask_open_bundle: Callable[[QWidget], Path | None] = staticmethod(_ask_open_bundle)
    ask_open_bpjs_list: Callable[[QWidget], Path | None] = staticmethod(_ask_open_bpjs_list)
    ask_save_enrollment: Callable[[QWidget, str], Path | None] = staticmethod(_ask_save_enrollment)
    warn: Callable[[QWidget, str], None] = staticmethod(_warn)
    inform: Callable[[QWidget, str], None] = staticmethod(_inform)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.dialog: BundleMergeDialog | ReconcileDialog | OfficesDialog | None = None
        self.send_action = QAction(self.tr("Kirim ke Pusat"), window)
        self.send_action.triggered.connect(self.send_to_centre)
        self.merge_action = QAction(self.tr("Gabungkan Data OPD"), window)
        self.merge_action.triggered.connect(self.merge_bundle)
        self.reconcile_action = QAction(self.tr("Rekonsiliasi BPJS"), window)
        self.reconcile_action.triggered.connect(self.reconcile)
        self.enroll_action = QAction(self.tr("Daftarkan Kantor OPD…"), window)
        self.enroll_action.triggered.connect(self.enroll_office)
        self.offices_action = QAction(self.tr("Kantor OPD Terdaftar…"), window)
        self.offices_action.triggered.connect(self.show_offices)
        is_admin = self.ctx.role == Role.ADMIN  # the services check again; this only tidies
        self.offices_action.setVisible(is_admin)
        self.merge_action.setVisible(is_admin)
        self.reconcile_action.setVisible(is_admin)
        self.enroll_action.setVisible(is_admin)
        menu = window.menuBar().addMenu(self.tr("&Pusat"))
        for action in (
            self.send_action,
            self.merge_action,
            self.reconcile_action,
            self.enroll_action,
            self.offices_action,
        ):
            menu.addAction(action)

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 10000)

    def _after_change(self) -> None:
        self.window.reload_opds()
        self.window.apply_filter()

    def send_to_centre(self) -> Path | None:
        opds = self.window.opds
        opd_code = (
            self.window.opd_filter.currentData()
            or self.ctx.opd_scope
            or (opds[0].code if len(opds) == 1 else None)
        )
        if opd_code is None:
            self.warn(self.window, self.tr("Pilih OPD yang akan dikirim pada daftar OPD dahulu."))
            return None
        path = self.ask_save_bundle(self.window, bundle_service.suggested_name(opd_code))
        if path is None:
            return None
        try:
            result = bundle_service.export_bundle(self.ctx, path, opd_code=opd_code)
        except (bundle_service.BundleError, AccessDenied, StoreError) as exc:
            self.warn(self.window, self.tr("Berkas kiriman tidak dibuat: {0}").format(exc))
            return None
        counts = result.manifest["counts"]
        self._status(
            self.tr("Kiriman {0} ({1} pegawai) disimpan ke {2}. Bawa berkas ini ke pusat.").format(
                opd_code, counts["workers"], path
            )
        )
        return path

    def enroll_office(self) -> Path | None:
        """The centre registers the office of the selected OPD: one installation file."""
        opd_code = self.window.opd_filter.currentData()
        if opd_code is None:
            self.warn(
                self.window, self.tr("Pilih OPD kantor yang didaftarkan pada daftar OPD dahulu.")
            )
            return None
        path = self.ask_save_enrollment(self.window, f"pasang-{opd_code.lower()}.kdp")
        if path is None:
            return None
        try:
            made = enrollment_service.enroll_office(self.ctx, opd_code, path)
        except (enrollment_service.EnrollmentError, AccessDenied, StoreError) as exc:
            self.warn(self.window, self.tr("Kantor OPD tidak didaftarkan: {0}").format(exc))
            return None
        self.inform(
            self.window,
            self.tr(
                "Berkas pemasangan kantor OPD {0} disimpan di {1}.\n\nKata sandi berkas:\n\n"
                "{2}\n\nSampaikan kata sandi ini terpisah dari berkasnya (telepon atau "
                'kertas). Di kantor OPD: mulai Kupang Desk, pilih "Pasang dari berkas '
                'pusat".'
            ).format(opd_code, path, made.passphrase),
        )
        return path

    def show_offices(self) -> OfficesDialog | None:
        try:
            self.dialog = OfficesDialog(self.ctx, self.window)
        except (AccessDenied, StoreError) as exc:
            self.warn(self.window, str(exc))
            return None
        self.dialog.open()
        return self.dialog

    def merge_bundle(self) -> BackgroundTask | None:
        """Ask for the file, merge it in the background (a big OPD takes a while), then
        show the summary and the conflicts."""
        path = self.ask_open_bundle(self.window)
        if path is None:
            return None
        self.dialog = None
        ctx = self.ctx
        return run_in_background(
            self.window,  # window-modal progress: no typing into a roster being merged
            lambda control: merge_file(ctx, path, control),
            self._merged,
            on_error=self._merge_failed,
            expected=MERGE_ERRORS,
            progress_label=self.tr("Menggabungkan {0}…").format(path.name),
        )

    def _merged(self, report: bundle_service.MergeReport) -> None:
        self._after_change()
        self.dialog = BundleMergeDialog(self.ctx, report, self.window)
        self.dialog.finished.connect(self._after_change)
        self.dialog.open()
        self.merge_ended.emit()

    def _merge_failed(self, exc: Exception) -> None:
        self.warn(self.window, str(exc) if isinstance(exc, MERGE_ERRORS) else repr(exc))
        self.merge_ended.emit()

    def reconcile(self) -> ReconcileDialog | None:
        path = self.ask_open_bpjs_list(self.window)
        if path is None:
            return None
        try:
            result = reconcile_service.reconcile_file(
                self.ctx, path, opd_code=self.window.opd_filter.currentData()
            )
        except (
            reconcile_service.ListUnreadable,
            reconcile_service.ReconcileError,
            AccessDenied,
            StoreError,
        ) as exc:
            self.warn(self.window, str(exc))
            return None
        self.dialog = ReconcileDialog(self.ctx, result, self.window)
        self.dialog.open()
        return self.dialog
