"""Kupang Desk: pendaftaran pegawai tidak tetap ke BPJS Kesehatan dan Ketenagakerjaan."""

from importlib.metadata import PackageNotFoundError, version

# The version is written once, in pyproject.toml; the installed metadata carries it (and
# build.spec copies that metadata into the bundle).
try:
    __version__ = version("kupang-desk")
except PackageNotFoundError:  # a source tree run without `pip install -e .`
    __version__ = "0+unknown"
APP_NAME = "Kupang Desk"
# The product's name (not a pemda's): the QSettings of each user are filed under it.
ORGANIZATION = APP_NAME
