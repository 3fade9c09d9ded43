"""A record's history told in plain Indonesian: "operator1 mengubah Upah: Rp 2.900.000 →
Rp 3.000.000". Works on the before/after dicts of the audit log; no SQL here."""

from __future__ import annotations

from datetime import date, datetime

from kupang_desk.domain.formatting import rupiah, tanggal_panjang, tanggal_pendek

FIELD_LABELS = {
    "nik": "NIK",
    "no_kk": "No. KK",
    "name": "Nama",
    "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir",
    "sex": "Jenis kelamin",
    "marital_status": "Status kawin",
    "mother_name": "Nama ibu kandung",
    "address": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "kelurahan": "Kelurahan/desa",
    "kecamatan": "Kecamatan",
    "kode_pos": "Kode pos",
    "phone": "Telepon",
    "email": "Email",
    "npwp": "NPWP",
    "opd_code": "OPD",
    "unit": "Unit kerja",
    "jabatan": "Jabatan",
    "employment_type": "Jenis pegawai",
    "contract_number": "No. kontrak",
    "tmt": "TMT",
    "end_date": "Tanggal selesai",
    "upah": "Upah",
    "priority": "Prioritas",
    "priority_reason": "Alasan prioritas",
    "status": "Status",
    "status_reason": "Alasan status",
    "status_date": "Tanggal status",
    "full_name": "Nama lengkap",
    "role": "Peran",
    "active": "Aktif",
    "head_name": "Nama kepala",
    "head_nip": "NIP kepala",
    "head_title": "Jabatan kepala",
    "short_name": "Singkatan",
    "relation": "Hubungan keluarga",
    "student": "Pelajar",
    "student_until": "Surat keterangan sekolah/kuliah berlaku sampai",
    "married": "Menikah",
    "ppu_sendiri": "Terdaftar PPU melalui pemberi kerja sendiri",
    "nik_mismatch_reason": "Alasan NIK berbeda",
}
# Said when a record is added, not only when changed: the clerk's written word on a rule.
_NOTED_ON_INSERT = ("nik_mismatch_reason",)
# Bookkeeping columns change with every save; the clerk does not need to read them.
_HIDDEN = {"id", "uuid", "row_version", "created_at", "created_by", "updated_at", "updated_by"}
_DATES = {"birth_date", "tmt", "end_date", "status_date", "student_until"}
_YES_NO = {"priority", "active", "student", "married", "ppu_sendiri"}

ACTION_VERBS = {
    "insert": "menambahkan",
    "update": "mengubah",
    "double_entry": "verifikasi entri ganda",
    "status": "mengubah status",
    "import": "mengimpor",
    "merge": "menggabungkan",
    "restore": "memulihkan basis data dari cadangan",
    "backup": "mencadangkan basis data",
    "demo": "mengisi data contoh",
    "login": "masuk",
    "lockout": "terkunci karena salah kata sandi",
    "password_reset": "mengatur ulang kata sandi",
    "password_change": "mengganti kata sandinya",
    "settings": "mengubah pengaturan",
}
ENTITY_NOUNS = {
    "worker": "pegawai",
    "family_member": "anggota keluarga",
    "opd": "OPD",
    "user": "pengguna",
    "database": "basis data",
}


def when_text(at: str) -> str:
    """ISO timestamp -> "25 November 2026 10:15"."""
    moment = datetime.fromisoformat(at)
    return f"{tanggal_panjang(moment.date())} {moment:%H:%M}"


def value_text(field: str, value: object) -> str:
    if value is None or value == "":
        return "(kosong)"
    if field == "upah" and isinstance(value, int):
        return rupiah(value)
    if field in _DATES and isinstance(value, str):
        try:
            return tanggal_pendek(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, bool) or field in _YES_NO:
        return "ya" if value else "tidak"
    return str(value)


def changes(before: dict | None, after: dict | None) -> list[tuple[str, str, str]]:
    """(label, before text, after text) of every field the clerk would care about."""
    before, after = before or {}, after or {}
    result = []
    for field in after:
        if field in _HIDDEN or before.get(field) == after.get(field):
            continue
        label = FIELD_LABELS.get(field, field)
        result.append(
            (label, value_text(field, before.get(field)), value_text(field, after[field]))
        )
    return result


def describe(action: str, entity: str, before: dict | None, after: dict | None) -> str:
    """What happened, without the who and when: "mengubah Upah: Rp 2.900.000 → Rp 3.000.000"."""
    verb = ACTION_VERBS.get(action, action)
    noun = ENTITY_NOUNS.get(entity, entity)
    if action == "insert":
        inserted = after or {}
        name = inserted.get("name") or inserted.get("full_name") or ""
        noted = [f"{FIELD_LABELS[k]}: {inserted[k]}" for k in _NOTED_ON_INSERT if inserted.get(k)]
        return f"{verb} {noun} {name}".rstrip() + (f" ({'; '.join(noted)})" if noted else "")
    if action in ("update", "status"):
        parts = [f"{label}: {old} → {new}" for label, old, new in changes(before, after)]
        return f"{verb} " + ("; ".join(parts) if parts else f"{noun} (tanpa perubahan isi)")
    if action == "double_entry" and after:
        return f"{verb}: {after.get('keputusan', '')}"
    if after and action not in ("login",):
        details = ", ".join(f"{k} {value_text(k, v)}" for k, v in after.items() if k not in _HIDDEN)
        return f"{verb} ({details})" if details else verb
    return verb


def subject(entity: str, entity_id: str, before: dict | None, after: dict | None) -> str:
    """Which record, readable: "pegawai MARIA GORETI NDUN (12)", "OPD DLHK"."""
    noun = ENTITY_NOUNS.get(entity, entity)
    values = after or before or {}
    name = values.get("name") or values.get("full_name") if entity in ("worker",) else None
    return f"{noun} {name} ({entity_id})" if name else f"{noun} {entity_id}".strip()
