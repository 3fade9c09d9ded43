"""Kupang Desk: pendaftaran pegawai tidak tetap ke BPJS Kesehatan dan Ketenagakerjaan."""

__version__ = "0.1.0"
APP_NAME = "Kupang Desk"
# The product's name (not a pemda's): the QSettings of each user are filed under it.
ORGANIZATION = APP_NAME
