"""Installing signed content packs with keys and signatures made by the real minisign tool:
good packs become active; unsigned, other-key, tampered, truncated and failing packs are
refused with one line and the active pack stays; rollback goes back one pack."""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile

import pytest

from kiosk.fleet import packs
from kiosk.fleet.pack_store import PackStore
from kiosk.fleet.packs import PackProblem
from kiosk.fleet.signing import SignatureProblem
from tests.fleet_packs import Keys, make_pack, needs_minisign

pytestmark = needs_minisign


@pytest.fixture
def keys(tmp_path):
    return Keys(tmp_path / "keys")


@pytest.fixture
def store(tmp_path):
    return PackStore(tmp_path / "data" / "packs")


@pytest.fixture
def installed(tmp_path, keys, store):
    """A store whose active pack is version 1."""
    store.install(make_pack(tmp_path, keys, "1"), keys.key_line)
    return store


def assert_still_version_1(store: PackStore) -> None:
    assert store.active().version == "1"
    assert (store.active_content() / "en" / "side-effects.md").is_file()
    assert not (store.root / "staging").exists()


def test_a_good_pack_installs_and_becomes_active(tmp_path, keys, store):
    pack = make_pack(tmp_path, keys, "2026.03.01", title="Read this first")
    entry = store.install(pack, keys.key_line)
    assert store.active() == entry
    assert entry.version == "2026.03.01"
    assert entry.sha256 == packs.sha256_of(pack)
    first = store.active_content() / "en" / "about-this-information.md"
    assert "title: Read this first" in first.read_text(encoding="utf-8")
    assert not (store.active_content() / packs.MANIFEST).exists()
    assert store.seen(entry.sha256)


def test_the_whole_minisign_pub_file_works_as_the_key(tmp_path, keys, store):
    entry = store.install(make_pack(tmp_path, keys, "1"), keys.public.read_text())
    assert store.active() == entry


def test_an_unsigned_pack_is_refused(tmp_path, keys, installed):
    pack = make_pack(tmp_path, None, "2")
    with pytest.raises(SignatureProblem, match=r"^pack-2.tar.gz is not signed \(no pack-2"):
        installed.install(pack, keys.key_line)
    assert_still_version_1(installed)


def test_a_pack_signed_by_another_key_is_refused(tmp_path, keys, installed):
    pack = make_pack(tmp_path, Keys(tmp_path / "other-keys"), "2")
    with pytest.raises(SignatureProblem, match=r"^pack-2.tar.gz is signed by another key"):
        installed.install(pack, keys.key_line)
    assert_still_version_1(installed)


def test_a_tampered_pack_is_refused(tmp_path, keys, installed):
    pack = make_pack(tmp_path, keys, "2")
    data = bytearray(pack.read_bytes())
    data[len(data) // 2] ^= 0x01
    pack.write_bytes(bytes(data))
    with pytest.raises(SignatureProblem, match="does not match its signature"):
        installed.install(pack, keys.key_line)
    assert_still_version_1(installed)


def test_a_truncated_pack_is_refused(tmp_path, keys, installed):
    pack = make_pack(tmp_path, keys, "2")
    pack.write_bytes(pack.read_bytes()[:-100])
    with pytest.raises(SignatureProblem, match="not completely copied"):
        installed.install(pack, keys.key_line)
    assert_still_version_1(installed)


def test_without_a_key_every_pack_is_refused(tmp_path, keys, installed):
    with pytest.raises(SignatureProblem, match="no content_public_key is set"):
        installed.install(make_pack(tmp_path, keys, "2"), "")
    with pytest.raises(SignatureProblem, match="not a minisign public key"):
        installed.install(make_pack(tmp_path, keys, "3"), "RWnotakey")
    assert_still_version_1(installed)


def hand_made_pack(path, files: dict[str, bytes], manifest: dict[str, str] | None = None):
    """A pack not made by `kiosk pack create` (a mistake, or an attack)."""
    listed = manifest if manifest is not None else {}
    body = packs.Manifest("2", "2026-03-01T00:00:00+00:00", listed).to_json().encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in {packs.MANIFEST: body, **files}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    path.write_bytes(gzip.compress(buffer.getvalue()))
    return path


def test_a_pack_that_fails_the_content_check_is_refused(tmp_path, keys, installed):
    broken = b"---\ntitle: [unclosed\n---\n# Hello\n\nSee [this](missing.md).\n"
    files = {"en/broken.md": broken}
    pack = hand_made_pack(
        tmp_path / "failing.tar.gz",
        files,
        {"en/broken.md": hashlib.sha256(broken).hexdigest()},
    )
    keys.sign(pack)
    with pytest.raises(PackProblem, match=r"^failing.tar.gz fails the content check"):
        installed.install(pack, keys.key_line)
    assert_still_version_1(installed)


def test_a_file_not_matching_the_manifest_is_refused(tmp_path, keys, installed):
    pack = hand_made_pack(tmp_path / "odd.tar.gz", {"en/a.md": b"# A\n"}, {"en/a.md": "0" * 64})
    keys.sign(pack)
    with pytest.raises(PackProblem, match="en/a.md does not match its sha256"):
        installed.install(pack, keys.key_line)
    assert_still_version_1(installed)


@pytest.mark.parametrize("name", ["../escape.md", "/etc/escape.md", "en/../../escape.md"])
def test_a_path_leaving_the_staging_folder_is_never_unpacked(tmp_path, keys, installed, name):
    pack = hand_made_pack(tmp_path / "evil.tar.gz", {name: b"# Out\n"}, {name: "0" * 64})
    keys.sign(pack)
    with pytest.raises(PackProblem, match="unsafe entry"):
        installed.install(pack, keys.key_line)
    assert not any(tmp_path.rglob("escape.md"))
    assert not (tmp_path.parent / "escape.md").exists()
    assert_still_version_1(installed)


def test_a_link_in_a_pack_is_refused(tmp_path, keys, installed):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        link = tarfile.TarInfo("en/passwd.md")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
    pack = tmp_path / "link.tar.gz"
    pack.write_bytes(gzip.compress(buffer.getvalue()))
    keys.sign(pack)
    with pytest.raises(PackProblem, match="en/passwd.md is not a plain file or folder"):
        installed.install(pack, keys.key_line)
    assert_still_version_1(installed)


def test_rollback_returns_to_the_previous_pack_and_only_two_are_kept(tmp_path, keys, installed):
    second = installed.install(make_pack(tmp_path, keys, "2"), keys.key_line)
    third = installed.install(make_pack(tmp_path, keys, "3"), keys.key_line)
    assert sorted(p.name for p in installed.versions.iterdir()) == sorted(
        [second.folder, third.folder]
    )
    assert installed.rollback() == second
    assert installed.active() == second
    assert installed.previous() == third
    assert installed.active_content().name == second.folder


def test_rollback_without_a_previous_pack_is_refused(installed):
    with pytest.raises(PackProblem, match="no previous pack"):
        installed.rollback()
    assert_still_version_1(installed)


def test_a_broken_state_file_means_no_pack_not_a_crash(installed, caplog):
    installed.state_file.write_text("{not json", encoding="utf-8")
    assert installed.active() is None
    assert installed.active_content() is None
    assert "cannot be read" in caplog.text
