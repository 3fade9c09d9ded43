"""Is a database path on a network share? SQLite's file locks are not reliable there.

Two offices writing one file over SMB/NFS is how a SQLite database gets corrupted (see
sqlite.org/useovernet.html), so such a file is refused for writing; reading (reports,
backups) is allowed. Linux: the file system type of the longest mount point in
/proc/mounts. Windows: a UNC path (\\\\server\\share) or a drive letter Windows reports as
DRIVE_REMOTE (a mapped network drive). Both sources can be injected for tests.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path, PurePath, PureWindowsPath

NETWORK_FS_TYPES = frozenset(
    {
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "nfs",
        "nfs4",
        "afs",
        "ncpfs",
        "9p",
        "davfs",
        "ceph",
        "glusterfs",
        "fuse.sshfs",
        "fuse.smbnetfs",
        "fuse.gvfsd-fuse",
        "fuse.rclone",
    }
)
DRIVE_REMOTE = 4  # GetDriveTypeW


def _read_proc_mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _unescape(field: str) -> str:
    """/proc/mounts writes a space as \\040, a tab as \\011 …"""
    return field.encode().decode("unicode_escape") if "\\" in field else field


def linux_fs_type(path: Path, mounts: str) -> str | None:
    """The file system type of the mount that holds `path` (longest mount point)."""
    best, best_type = "", None
    target = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point, fs_type = _unescape(fields[1]), fields[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fs_type
    return best_type


def _windows_drive_type(root: str) -> int:
    if sys.platform != "win32":  # ctypes.windll exists only there (and mypy knows it)
        raise OSError("drive types are a Windows question")
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(root)


def _real_path(path: Path) -> Path:
    """Symlinks resolved in the part that exists (a new database is not there yet)."""
    path = Path(os.path.abspath(path))
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate.resolve() / path.relative_to(candidate)
    return path


def network_share(
    path: Path | PurePath,
    *,
    mounts: str | None = None,
    drive_type: Callable[[str], int] | None = None,  # tests stand in for the Windows API
    windows: bool | None = None,
) -> str | None:
    """A short description of the share ("cifs", "\\\\server\\share", "drive Z:") or None."""
    windows = os.name == "nt" if windows is None else windows
    if windows:
        win = PureWindowsPath(str(path))
        if str(win).startswith(("\\\\", "//")):
            return f"alamat jaringan {win.anchor}"
        if win.drive:
            check = drive_type or _windows_drive_type
            if check(win.drive + "\\") == DRIVE_REMOTE:
                return f"drive jaringan {win.drive}"
        return None
    fs_type = linux_fs_type(
        _real_path(Path(path)), _read_proc_mounts() if mounts is None else mounts
    )
    if fs_type and (fs_type in NETWORK_FS_TYPES or fs_type.split(".")[0] in NETWORK_FS_TYPES):
        return f"berbagi jaringan ({fs_type})"
    return None


def refusal(path: Path, where: str) -> str:
    return (
        f"Basis data {path} ada di {where}. SQLite tidak dapat mengunci berkas di folder "
        "jaringan dengan andal, sehingga dua komputer bisa merusak datanya. Simpan berkas "
        "basis data di disk komputer ini (mis. Dokumen), lalu kirim data ke kantor pusat "
        "dengan berkas kiriman (bundle); laporan dan cadangan tetap dapat dibaca dari sini."
    )
