"""`kiosk pack create|sign|install|rollback|status` as clinic IT runs them, with --config."""

from __future__ import annotations

import subprocess
import tarfile

from kiosk import cli
from kiosk.fleet import packs
from tests.fleet_packs import MINISIGN, Keys, content_copy, needs_minisign

pytestmark = needs_minisign


def write_config(tmp_path, keys: Keys):
    config = tmp_path / "kiosk.toml"
    config.write_text(f'content_public_key = "{keys.key_line}"\n', encoding="utf-8")
    return config


def test_create_sign_install_status_and_rollback(tmp_path, capsys):
    keys = Keys(tmp_path / "keys")
    config = write_config(tmp_path, keys)
    content = content_copy(tmp_path / "content")
    first, second = tmp_path / "v1.tar.gz", tmp_path / "v2.tar.gz"

    assert cli.main(["pack", "create", str(content), "-o", str(first), "--version", "1"]) == 0
    assert "version 1," in capsys.readouterr().out
    with tarfile.open(first) as archive:
        names = archive.getnames()
        manifest = packs.Manifest.from_json(archive.extractfile(packs.MANIFEST).read().decode())
    assert names[0] == packs.MANIFEST
    assert manifest.version == "1"
    assert manifest.files["en/side-effects.md"] == packs.sha256_of(content / "en/side-effects.md")

    # `kiosk pack sign` writes what `minisign -Vm` accepts
    assert cli.main(["pack", "sign", str(first), "-s", str(keys.secret)]) == 0
    verified = subprocess.run(
        [MINISIGN, "-V", "-p", str(keys.public), "-m", str(first)], capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stderr
    packs.create(content, second, "2")
    keys.sign(second)

    for pack in (first, second):
        assert cli.main(["pack", "install", str(pack), "--config", str(config)]) == 0
    assert cli.main(["pack", "status", "--config", str(config)]) == 0
    status = capsys.readouterr().out
    assert f"active: 2 sha256 {packs.sha256_of(second)}" in status
    assert f"previous: 1 sha256 {packs.sha256_of(first)}" in status

    assert cli.main(["pack", "rollback", "--config", str(config)]) == 0
    assert cli.main(["pack", "status", "--config", str(config)]) == 0
    assert f"active: 1 sha256 {packs.sha256_of(first)}" in capsys.readouterr().out


def test_a_refused_pack_is_one_line_and_exit_code_1(tmp_path, capsys):
    keys = Keys(tmp_path / "keys")
    config = write_config(tmp_path, keys)
    pack = tmp_path / "unsigned.tar.gz"
    packs.create(content_copy(tmp_path / "content"), pack, "1")
    assert cli.main(["pack", "install", str(pack), "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "kiosk pack install: refused: unsigned.tar.gz is not signed "
        "(no unsigned.tar.gz.minisig beside it)"
    ]
    assert cli.main(["pack", "status", "--config", str(config)]) == 0
    assert "active: none" in capsys.readouterr().out


def test_create_refuses_content_that_fails_the_strict_check(tmp_path, capsys):
    content = content_copy(tmp_path / "content")
    (content / "en" / "broken.md").write_text("---\ntitle: [oops\n---\n# Broken\n", "utf-8")
    pack = tmp_path / "pack.tar.gz"
    assert cli.main(["pack", "create", str(content), "-o", str(pack)]) == 1
    err = capsys.readouterr().err
    assert "broken.md" in err
    assert err.splitlines()[-1].startswith("kiosk pack create: refused: ")
    assert "fails 'kiosk check --strict'" in err
    assert not pack.exists()


def test_rollback_with_nothing_to_go_back_to_is_refused(tmp_path, capsys):
    assert cli.main(["pack", "rollback"]) == 1
    assert "no previous pack" in capsys.readouterr().err


def test_sign_with_a_password_protected_key_as_minisign_makes_it(tmp_path, monkeypatch, capsys):
    public, secret = tmp_path / "minisign.pub", tmp_path / "minisign.key"
    subprocess.run(
        [MINISIGN, "-G", "-p", str(public), "-s", str(secret)],
        input="correct horse\ncorrect horse\n",
        text=True,
        check=True,
        capture_output=True,
    )
    pack = tmp_path / "pack.tar.gz"
    packs.create(content_copy(tmp_path / "content"), pack, "1")

    monkeypatch.setenv("KIOSK_PACK_PASSWORD", "wrong horse")
    assert cli.main(["pack", "sign", str(pack), "-s", str(secret)]) == 1
    assert "wrong password" in capsys.readouterr().err
    assert not pack.with_name("pack.tar.gz.minisig").exists()

    monkeypatch.setenv("KIOSK_PACK_PASSWORD", "correct horse")
    assert cli.main(["pack", "sign", str(pack), "-s", str(secret)]) == 0
    verified = subprocess.run(
        [MINISIGN, "-V", "-p", str(public), "-m", str(pack)], capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stderr
    assert "file:pack.tar.gz" in verified.stdout
