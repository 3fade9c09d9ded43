"""Issue 15 §1: double entry by the verifikator — comparison (domain), confirmations that
follow the value, the typist rule, the queue and its progress, and the dialog."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kupang_desk.domain import permissions
from kupang_desk.domain.double_entry import (
    FieldCheck,
    compare,
    last_typist,
    unconfirmed_fields,
    value_hash,
)
from kupang_desk.domain.entities import FamilyMember, Membership, MembershipStatus, Worker
from kupang_desk.domain.memberships import TransitionRefused
from kupang_desk.services import double_entry, history
from kupang_desk.services import family as family_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.context import AccessDenied, AppContext

NIK = "5371014503850001"
KK = "5371010101200003"
TODAY = date(2026, 11, 24)

# -- domain ----------------------------------------------------------------------------


def test_typed_values_are_normalised_before_comparing():
    saved = {"nik": NIK, "name": "MARIA GORETI NDUN", "birth_date": date(1985, 3, 5),
             "sex": "P", "no_kk": KK}  # fmt: skip
    typed = {"nik": "5371 0145 0385 0001", "name": " maria  goreti ndun ",
             "birth_date": "1985-03-05", "sex": "p", "no_kk": "5371010101200008"}  # fmt: skip
    checks = compare("worker", 7, saved, typed)
    assert [(c.field, c.equal) for c in checks] == [
        ("nik", True), ("name", True), ("birth_date", True), ("sex", True), ("no_kk", False)
    ]  # fmt: skip
    differing = checks[-1]
    assert (differing.stored, differing.typed) == (KK, "5371010101200008")


def test_a_blank_field_differs_and_family_members_have_three_key_fields():
    checks = compare("family_member", 3, {"nik": NIK, "name": "ANA", "birth_date": None}, {})
    assert [(c.field, c.stored, c.typed, c.equal) for c in checks] == [
        ("nik", NIK, "", False), ("name", "ANA", "", False), ("birth_date", "", "", True)
    ]  # fmt: skip


def test_a_confirmation_holds_only_while_the_value_is_unchanged():
    hashes = {"nik": value_hash("nik", NIK), "name": value_hash("name", "ANA"),
              "birth_date": value_hash("birth_date", "2012-07-01")}  # fmt: skip
    member = {"nik": NIK, "name": "ANA", "birth_date": date(2012, 7, 1)}
    assert unconfirmed_fields("family_member", member, hashes) == []
    changed = {**member, "nik": "5371014503850002"}  # one digit later
    assert unconfirmed_fields("family_member", changed, hashes) == ["nik"]
    # the same digits under another field's name are not a confirmation of that field
    assert value_hash("nik", NIK) != value_hash("no_kk", NIK)


def test_the_typist_is_the_last_to_type_a_key_field():
    rows = [
        ("op.a", "insert", "worker", None, {"nik": NIK, "upah": 1}),
        ("op.b", "update", "worker", {"nik": NIK, "upah": 1}, {"nik": NIK, "upah": 2}),
        ("verif", "double_entry", "worker", {"nik": NIK}, {"nik": "5371014503850002"}),
    ]
    # op.b changed only the wage; the verifikator's pick is a decision, not typing
    assert last_typist(rows) == "op.a"
    assert permissions.may_confirm("op.b", "op.a") and not permissions.may_confirm("op.a", "op.a")


# -- services --------------------------------------------------------------------------


def operator(ctx: AppContext) -> AppContext:
    return AppContext(ctx.store, user="op.dlhk", role="operator", opd_code="DLHK")


def verifikator(ctx: AppContext, user: str = "verif.dlhk") -> AppContext:
    return AppContext(ctx.store, user=user, role="verifikator", opd_code="DLHK")


@pytest.fixture
def typed(ctx, worker):
    """The operator types Maria with her son; one membership waits for verification."""
    op = operator(ctx)
    saved = worker_service.save_worker(op, replace(worker, no_kk=KK)).worker
    son = FamilyMember(saved.id, "5371010107120002", "Ana Ndun", "anak", date(2012, 7, 1), "L")
    assert family_service.save_family(op, saved.id, [son], today=TODAY).saved
    membership = family_service.save_membership(op, Membership("kesehatan", saved.id)).membership
    return saved, family_service.list_family(op, saved.id)[0], membership


def sheet_values(saved, son, *, nik=NIK):
    return {
        ("worker", saved.id): {"nik": nik, "name": "maria goreti ndun",
                               "birth_date": "1985-03-05", "sex": "P", "no_kk": KK},
        ("family_member", son.id): {"nik": son.nik, "name": "ANA NDUN",
                                    "birth_date": "2012-07-01"},
    }  # fmt: skip


def test_one_differing_digit_blocks_verification_until_decided(ctx, typed):
    saved, son, membership = typed
    verif = verifikator(ctx)
    assert double_entry.progress(verif) == {"DLHK": (0, 1)}
    checks = double_entry.check_typed(verif, saved.id, sheet_values(saved, son, nik=NIK[:-1] + "7"))
    [differs] = [c for c in checks if not c.equal]
    assert (differs.field, differs.stored, differs.typed) == ("nik", NIK, "5371014503850007")
    with pytest.raises(TransitionRefused, match="NIK pegawai MARIA GORETI NDUN"):
        family_service.change_status(verif, membership.id, MembershipStatus.VERIFIED, on=TODAY)
    assert double_entry.progress(verif) == {"DLHK": (0, 1)}
    double_entry.keep_saved(verif, saved.id, differs)  # the KTP says ...0001: verifikator slipped
    assert double_entry.progress(verif) == {"DLHK": (1, 1)}
    assert double_entry.waiting(verif) == []
    done = family_service.change_status(verif, membership.id, MembershipStatus.VERIFIED, on=TODAY)
    assert done.status == MembershipStatus.VERIFIED
    lines = [(h.user, h.text) for h in history.record_history(ctx, "worker", saved.id)]
    assert ("verif.dlhk", "verifikasi entri ganda: pegawai MARIA GORETI NDUN: cocok Nama, "
            "Tanggal lahir, Jenis kelamin, No. KK; berbeda: NIK") in lines  # fmt: skip
    kept = (
        "verifikasi entri ganda: pegawai MARIA GORETI NDUN: NIK diketik operator "
        f"{NIK}, diketik verifikator 5371014503850007; data operator benar"
    )
    assert ("verif.dlhk", kept) in lines


def test_the_verifikators_value_is_saved_and_a_later_nik_change_unconfirms(ctx, typed):
    saved, son, _ = typed
    verif = verifikator(ctx)
    values = sheet_values(saved, son)
    values[("family_member", son.id)]["name"] = "ANA NDUN SERAN"  # the KK has a second name
    checks = double_entry.check_typed(verif, saved.id, values)
    [differs] = [c for c in checks if not c.equal]
    double_entry.correct(verif, saved.id, differs)
    assert family_service.list_family(ctx, saved.id)[0].name == "ANA NDUN SERAN"
    assert double_entry.progress(verif) == {"DLHK": (1, 1)}
    # the operator changes the NIK later (a typo fixed from a photo): unconfirmed at once
    op = operator(ctx)
    current = worker_service.get_worker(op, saved.id)
    other = "5371014503850009"
    assert worker_service.save_worker(op, replace(current, nik=other)).saved
    assert double_entry.progress(verif) == {"DLHK": (0, 1)}
    assert double_entry.unconfirmed(verif, saved.id) == ["NIK pegawai MARIA GORETI NDUN"]
    assert [e.worker_id for e in double_entry.waiting(verif)] == [saved.id]


def test_the_typist_cannot_verify_their_own_record(ctx, typed):
    saved, son, _ = typed
    # an admin may double-enter, but not the record this admin typed
    admin_typist = AppContext(ctx.store, user="op.dlhk", role="admin")
    with pytest.raises(AccessDenied, match=r"diketik oleh op\.dlhk sendiri"):
        double_entry.check_typed(admin_typist, saved.id, sheet_values(saved, son))
    assert double_entry.progress(verifikator(ctx)) == {"DLHK": (0, 1)}


def test_sending_back_rejects_the_waiting_memberships_with_the_reason(ctx, typed):
    saved, son, _ = typed
    verif = verifikator(ctx)
    values = sheet_values(saved, son)
    values[("worker", saved.id)]["birth_date"] = "1985-03-15"
    checks = double_entry.check_typed(verif, saved.id, values)
    differing = [c for c in checks if not c.equal]
    assert double_entry.send_back(verif, saved.id, "KTP buram, minta KK", differing) == 1
    [back] = family_service.list_memberships(ctx, saved.id)
    assert back.status == MembershipStatus.REJECTED
    assert back.rejected_reason == (
        "Entri ganda: KTP buram, minta KK (Tanggal lahir diketik operator 1985-03-05, diketik "
        "verifikator 1985-03-15)"
    )


def test_queue_puts_priority_workers_first_then_names(ctx, worker):
    op = operator(ctx)
    names = [("Zakarias Bana", True), ("Agnes Lay", False), ("Bernadus Ati", True)]
    for i, (name, priority) in enumerate(names):
        nik = f"537101150888000{i + 1}"
        born = date(1988, 8, 15)
        w = Worker(nik, name, born, "L", "DLHK", upah=3_000_000, priority=priority,
                   priority_reason="penyapu jalan" if priority else "")  # fmt: skip
        assert worker_service.save_worker(op, w, accept_warnings=True).saved
    queue = double_entry.waiting(verifikator(ctx))
    assert [e.name for e in queue] == ["BERNADUS ATI", "ZAKARIAS BANA", "AGNES LAY"]
    assert double_entry.progress_text(double_entry.progress(verifikator(ctx))) == (
        "0 dari 3 terverifikasi"
    )


def test_field_check_labels():
    assert FieldCheck("worker", 1, "no_kk", KK, "").label == "No. KK"


# -- the dialog ------------------------------------------------------------------------


def test_the_dialog_finds_the_differing_digit_and_enter_moves_on(qtbot, ctx, typed):
    from PySide6.QtCore import Qt

    from kupang_desk.ui.double_entry_dialog import DoubleEntryDialog

    saved, son, membership = typed
    verif = verifikator(ctx)
    dialog = DoubleEntryDialog(verif, [saved.id])
    qtbot.addWidget(dialog)
    assert not dialog.scan_note.isHidden() and dialog.scan_choice.isHidden()  # no scan yet
    values = sheet_values(saved, son, nik=NIK[:-1] + "7")
    for (entity, entity_id, field), widget in dialog.inputs.items():
        assert not getattr(widget, "text", lambda: "")().strip("-_ ")  # blank at the start
        text = values[(entity, entity_id)][field]
        if field == "sex":
            widget.setCurrentIndex(widget.findData(text))
        elif field == "birth_date":
            qtbot.keyClicks(widget, date.fromisoformat(text).strftime("%d%m%Y"))
        else:
            qtbot.keyClicks(widget, text)
    dialog.on_enter()  # Enter (the default button): compare
    assert [(c.field, c.typed) for c in dialog.differing] == [("nik", "5371014503850007")]
    assert "1 data berbeda" in dialog.messages.text()
    with pytest.raises(TransitionRefused):
        family_service.change_status(verif, membership.id, MembershipStatus.VERIFIED, on=TODAY)
    row = dialog.decisions.itemAt(0).widget()
    keep = next(b for b in row.findChildren(type(dialog.compare_button)) if "operator" in b.text())
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert dialog.progress.text() == "1 dari 1 terverifikasi"
    dialog.on_enter()  # Enter: the queue is done
    assert dialog.worker_id is None and "Antrean selesai" in dialog.messages.text()
    assert (
        family_service.change_status(
            verif, membership.id, MembershipStatus.VERIFIED, on=TODAY
        ).status
        == MembershipStatus.VERIFIED
    )


def test_the_dialog_refuses_the_typist(qtbot, ctx, typed):
    from kupang_desk.ui.double_entry_dialog import DoubleEntryDialog

    saved, _, _ = typed
    dialog = DoubleEntryDialog(AppContext(ctx.store, user="op.dlhk", role="admin"), [saved.id])
    qtbot.addWidget(dialog)
    assert "diketik oleh op.dlhk sendiri" in dialog.messages.text() and not dialog.inputs


def test_the_dialog_shows_the_ktp_beside_the_blank_fields(qtbot, ctx, typed):
    """Issue 15: the verifikator types from the scan: KTP first, KK next, each viewable."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage

    from kupang_desk.services import documents
    from kupang_desk.ui.double_entry_dialog import DoubleEntryDialog

    def jpeg(width: int, height: int) -> bytes:
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "JPEG", 80)
        return bytes(buffer.data())

    saved, _son, _membership = typed
    documents.attach_document(ctx, saved.id, "kk", jpeg(300, 200))
    documents.attach_document(ctx, saved.id, "ktp", jpeg(856, 540))
    dialog = DoubleEntryDialog(verifikator(ctx), [saved.id])
    qtbot.addWidget(dialog)
    assert dialog.scan_note.isHidden()
    labels = [dialog.scan_choice.itemText(i) for i in range(dialog.scan_choice.count())]
    assert labels == ["KTP", "Kartu Keluarga"]
    assert (dialog.viewer.image.width(), dialog.viewer.image.height()) == (856, 540)
    dialog.scan_choice.setCurrentIndex(1)
    assert (dialog.viewer.image.width(), dialog.viewer.image.height()) == (300, 200)


def test_an_operator_types_in_the_form_and_the_verifikator_finds_the_digit(qtbot, ctx):
    """The issue's proof from the first keystroke: the operator types Maria in the worker
    form (with a slip in the NIK's serial), the verifikator types from the KTP; the one
    differing digit holds verification until decided, and the history says who decided."""
    from PySide6.QtCore import Qt

    from kupang_desk.ui.double_entry_dialog import DoubleEntryDialog
    from kupang_desk.ui.main_window import MainWindow

    op = operator(ctx)
    window = MainWindow(op)
    qtbot.addWidget(window)
    form = window.open_form()
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.nik, NIK[:-1] + "9")  # the slip: ...0009 instead of ...0001
    qtbot.keyClicks(form.name, "maria goreti ndun")
    qtbot.keyClicks(form.no_kk, KK)
    form.opd.setCurrentIndex(form.opd.findData("DLHK"))
    qtbot.keyClicks(form.jabatan, "Penyapu Jalan")
    qtbot.keyClicks(form.upah, "2900000")
    form.save()
    saved = worker_service.get_worker(op, window.model.worker_id(0))
    assert saved.nik == NIK[:-1] + "9" and saved.name == "MARIA GORETI NDUN"
    membership = family_service.save_membership(op, Membership("kesehatan", saved.id)).membership

    verif = verifikator(ctx)
    dialog = DoubleEntryDialog(verif, [saved.id])
    qtbot.addWidget(dialog)
    typed = {"nik": NIK, "name": "MARIA GORETI NDUN", "birth_date": "05031985", "no_kk": KK}
    for (_entity, _id, field), widget in dialog.inputs.items():
        if field == "sex":
            widget.setCurrentIndex(widget.findData("P"))
        else:
            qtbot.keyClicks(widget, typed[field])
    dialog.on_enter()
    assert [(c.field, c.stored, c.typed) for c in dialog.differing] == [
        ("nik", NIK[:-1] + "9", NIK)
    ]
    with pytest.raises(TransitionRefused, match="NIK"):
        family_service.change_status(verif, membership.id, MembershipStatus.VERIFIED, on=TODAY)
    row = dialog.decisions.itemAt(0).widget()
    mine = next(b for b in row.findChildren(type(dialog.compare_button)) if "saya" in b.text())
    qtbot.mouseClick(mine, Qt.MouseButton.LeftButton)  # the KTP is right: the typed NIK
    assert worker_service.get_worker(verif, saved.id).nik == NIK
    verified = family_service.change_status(
        verif, membership.id, MembershipStatus.VERIFIED, on=TODAY
    )
    assert verified.status == MembershipStatus.VERIFIED
    decided = [(h.user, h.text) for h in history.record_history(ctx, "worker", saved.id)]
    assert any(user == "verif.dlhk" and NIK in text for user, text in decided), decided
    assert any(user == "op.dlhk" for user, _ in decided)  # the typing is there too
