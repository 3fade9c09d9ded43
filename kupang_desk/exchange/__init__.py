"""Spreadsheets in and out: roster import (python-calamine) and BPJS upload files (openpyxl)."""
