"""Issue 10: the app serves any pemda, so only the demo and the defaults name Kota Kupang."""

import re
from pathlib import Path

import kupang_desk

PACKAGE = Path(kupang_desk.__file__).parent
ALLOWED = {PACKAGE / "domain" / "defaults.py", PACKAGE / "services" / "demo.py"}
# "Kupang Desk" is the product's name (APP_NAME), and kupang_desk / kupang-desk its module.
PRODUCT = re.compile(r"Kupang Desk|kupang[_-]desk", re.IGNORECASE)
PEMDA = re.compile(r"kupang|5371", re.IGNORECASE)


def test_no_module_outside_the_demo_and_defaults_names_kupang_or_5371():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PEMDA.search(PRODUCT.sub("", line)):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_check_finds_a_planted_name(tmp_path):
    line = 'CITY = "Pemerintah Kota Kupang"  # Kupang Desk'
    assert PEMDA.search(PRODUCT.sub("", line))
    assert not PEMDA.search(PRODUCT.sub("", 'APP_NAME = "Kupang Desk"'))
