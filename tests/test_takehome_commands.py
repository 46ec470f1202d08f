"""`kiosk handout` and `kiosk export-html`, checked from the outside: pdftotext and zbarimg."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.loader import load_library

REPO = Path(__file__).resolve().parent.parent
TOOLS = ("pdftotext", "pdftoppm", "zbarimg")
needs_tools = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="needs poppler-utils (pdftotext, pdftoppm) and zbar-tools (zbarimg), "
    "which .ci/run installs",
)


def pdf_text(pdf: Path) -> str:
    """The PDF's words as pdftotext reads them; ligatures (ﬀ) back to letters, one space."""
    found = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(unicodedata.normalize("NFKC", found.stdout).split())


def decode_qr(pdf: Path, tmp_path: Path) -> str:
    """Render the PDF's first page to PNG with poppler, then read the QR code with zbar."""
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    found = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, check=True
    )
    return found.stdout.decode("utf-8").rstrip("\n")


def spanish_checklist() -> list[str]:
    return [item.text for item in load_library(REPO / "content").packs["es"].walkthrough.checklist]


@needs_tools
def test_the_spanish_walkthrough_handout_has_the_checklist_and_a_qr_code_holding_it(
    qapp, tmp_path, capsys
):
    pdf = tmp_path / "handout.pdf"
    assert main(["handout", "--walkthrough", "--lang", "es", "--pdf", str(pdf)]) == 0
    assert "wrote" in capsys.readouterr().out
    text = pdf_text(pdf)
    checklist = spanish_checklist()
    assert len(checklist) >= 10
    for item in checklist:
        assert item in text
    assert "Qué esperar en su visita" in text
    assert "¿Se siente mal? Avise en la recepción" in text
    assert "Apunte la cámara de su teléfono" in text
    decoded = decode_qr(pdf, tmp_path).splitlines()
    assert decoded == ["Qué esperar en su visita", *(f"- {item}" for item in checklist)]


@needs_tools
def test_with_a_handout_url_the_qr_code_links_to_a_page_that_export_html_writes(
    qapp, tmp_path, capsys
):
    config = tmp_path / "kiosk.toml"
    config.write_text(
        'clinic_name = "Lakeside Infusion"\nhandout_url = "https://lakeside.example/kiosk/"\n'
        '\n[es]\nclinic_name = "Clínica Lakeside"\n',
        encoding="utf-8",
    )
    site = tmp_path / "site"
    assert main(["export-html", str(site), "--config", str(config)]) == 0
    for args, page in (
        (["--walkthrough"], "es/walkthrough.html"),
        (["--section", "side-effects"], "es/side-effects.html"),
    ):
        pdf = tmp_path / "handout.pdf"
        command = ["handout", *args, "--lang", "es", "--pdf", str(pdf), "--config", str(config)]
        assert main(command) == 0
        link = decode_qr(pdf, tmp_path)
        assert link == f"https://lakeside.example/kiosk/{page}"
        exported = site / link.removeprefix("https://lakeside.example/kiosk/")
        assert exported.is_file()
        assert 'lang="es"' in exported.read_text(encoding="utf-8")
        assert "Clínica Lakeside" in exported.read_text(encoding="utf-8")  # its own language
        assert "Clínica Lakeside" in pdf_text(pdf)
    assert "Lakeside Infusion" in (site / "en" / "index.html").read_text(encoding="utf-8")


@needs_tools
def test_a_section_handout_lists_its_key_points(qapp, tmp_path):
    pdf = tmp_path / "side.pdf"
    assert main(["handout", "--section", "side-effects.md", "--pdf", str(pdf)]) == 0
    text = pdf_text(pdf)
    assert "Possible side effects" in text
    assert "They usually pass soon after the infusion ends." in text
    assert "A short rise in blood pressure" not in text  # not a key point
    assert decode_qr(pdf, tmp_path).splitlines()[0] == "Possible side effects"


def test_an_unknown_section_or_language_exits_2_with_a_message(qapp, tmp_path, capsys):
    pdf = tmp_path / "x.pdf"
    assert main(["handout", "--section", "nope", "--pdf", str(pdf)]) == 2
    assert "no section 'nope'" in capsys.readouterr().err
    assert main(["handout", "--walkthrough", "--lang", "xx", "--pdf", str(pdf)]) == 2
    assert "no language 'xx' (found: en, es)" in capsys.readouterr().err
    assert not pdf.exists()
    assert main(["handout", "--pdf", str(pdf)]) == 2  # --walkthrough or --section is required


def test_an_unwritable_pdf_is_a_message_not_a_traceback(qapp, tmp_path, capsys):
    target = tmp_path / "missing-folder" / "x.pdf"
    assert main(["handout", "--walkthrough", "--pdf", str(target)]) == 1
    assert "cannot write" in capsys.readouterr().err
