"""Issue 10: the app remembers per user the window, the OPD filter and the print choices."""

from kupang_desk.services.context import AppContext
from kupang_desk.ui.main_window import MainWindow
from kupang_desk.ui.print_preview import PrintOptionsDialog


def test_window_filter_and_print_choices_come_back_for_the_same_user(qtbot, ctx, tmp_path):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.resize(1010, 640)
    window.move(40, 30)
    assert window.height() == 640
    window.opd_filter.setCurrentIndex(window.opd_filter.findData("DINKES"))
    window.preferences.save_print_choices("ketenagakerjaan", "a4", "usulan")
    window.close()
    saved = window.saveGeometry()
    assert list(tmp_path.rglob("*.ini"))  # in the tests' folder, not the real profile

    again = MainWindow(ctx)
    qtbot.addWidget(again)
    # restored (the offscreen screen is 800 px wide, so only the height is kept as is)
    assert again.preferences.geometry() == saved
    assert again.height() == 640
    assert again.opd_filter.currentData() == "DINKES"
    assert again.model.query.opd_code == "DINKES"
    dialog = PrintOptionsDialog(again.opds, None, "daftar", again)
    qtbot.addWidget(dialog)
    dialog.use_last(again.preferences.print_choices())
    assert (
        dialog.program.currentData(),
        dialog.status.currentData(),
        dialog.paper.currentData(),
    ) == ("ketenagakerjaan", "usulan", "a4")
    assert dialog.job().status == "usulan"  # and the job carries it to the report

    other = MainWindow(AppContext(ctx.store, user="verifikator1", role="verifikator"))
    qtbot.addWidget(other)
    assert other.opd_filter.currentData() is None  # another login keeps its own
    assert other.preferences.print_choices() == {"program": "", "status": "", "paper": ""}
