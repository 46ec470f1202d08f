"""Smoke-test a frozen kiosk (dist/kiosk/) the way a clinic's machine would run it.

    python scripts/smoke_bundle.py [dist/kiosk]

Every check runs the bundle's own executable from a fresh temporary folder, offscreen, with
no Python on PATH, no PYTHON* variables and fresh user folders (the real config, log and
usage database are never touched). It fails (exit 1) on a non-zero exit code, on any
unexpected line on stderr (not checked for a KIOSK_BUILD_DEBUG=1 build, whose bootloader
traces on stderr), or on an ERROR in the kiosk's log. The checks:

1. `kiosk --version` prints the version;
2. `kiosk --self-test` renders every section and step (with the bundled kiosk.toml, if the
   build copied one in, so its problems are listed too);
3. the same with an empty fontconfig configuration (no font folders at all), with
   fontconfig's match log on: the kiosk must find Noto Sans in the bundle's assets/fonts;
4. `kiosk check` on the bundled content and `kiosk config --describe` (the staff commands),
   and `kiosk speech-check`, which the running kiosk also runs before it loads a speech
   engine: it must answer (yes, exit 0, or no, exit 1, with its reasons on stderr);
5. `kiosk pack create`, `sign` (with a fresh minisign key), `install` and `status`: the
   signed content packs work frozen, PyNaCl included.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIMEOUT_S = 180
# stderr lines that are not a problem (none so far: the kiosk sends Qt's messages to its log).
ALLOWED_STDERR: list[re.Pattern[str]] = []
# A KIOSK_BUILD_DEBUG=1 build traces its start-up on stderr: that check is skipped then.
DEBUG_BUILD = os.environ.get("KIOSK_BUILD_DEBUG") == "1"
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def minisign_keys(folder: Path) -> str:
    """A password-less minisign key pair (as `minisign -G -W` writes it); the public key."""
    from nacl.signing import SigningKey

    signer, key_id = SigningKey.generate(), os.urandom(8)
    secret = b"Ed\0\0B2" + bytes(48) + key_id + bytes(signer) + bytes(signer.verify_key)
    secret += bytes(32)  # no checksum without a password, like minisign -W
    (folder / "minisign.key").write_text(
        f"untrusted comment: smoke\n{base64.b64encode(secret).decode()}\n"
    )
    return base64.b64encode(b"Ed" + key_id + bytes(signer.verify_key)).decode()


def executable(bundle: Path) -> Path:
    """The program to run: kiosk-cli.exe on Windows (it has a console), else kiosk."""
    for name in ("kiosk-cli.exe", "kiosk.exe", "kiosk"):
        if (bundle / name).is_file():
            return bundle / name
    raise SystemExit(f"smoke: no kiosk executable in {bundle} (run `make bundle`)")


def clean_environment(home: Path) -> dict[str, str]:
    """The caller's environment minus Python and Qt settings, with private user folders."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "QT_", "FONTCONFIG", "FC_", "KIOSK_"))
        and k not in ("VIRTUAL_ENV", "DISPLAY", "WAYLAND_DISPLAY", "LD_LIBRARY_PATH")
    }
    if sys.platform != "win32":
        env["PATH"] = "/usr/bin:/bin"  # no virtualenv, no pyenv shims: Python is not needed
    env.update(
        QT_QPA_PLATFORM="offscreen",
        LANG="C.UTF-8",
        HOME=str(home),
        USERPROFILE=str(home),
        APPDATA=str(home / "appdata"),
        LOCALAPPDATA=str(home / "localappdata"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_RUNTIME_DIR=str(home / "runtime"),
    )
    (home / "runtime").mkdir(parents=True, mode=0o700, exist_ok=True)
    return env


SMOKE_PIN = "2468"


class Smoke:
    def __init__(self, bundle: Path, work: Path):
        self.bundle = bundle
        self.program = executable(bundle)
        self.work = work
        self.failures: list[str] = []

    def run(
        self,
        name: str,
        args: list[str],
        extra_env: dict[str, str] | None = None,
        stdin: str | None = None,
        answers: tuple[int, ...] = (0,),
    ):
        """Run the bundle; returns stdout, or None after recording a failure. Runs with the
        same name share their user folders (a PIN set, then the self-test that needs it).
        `answers`: the exit codes that are answers, not failures (stderr then says why)."""
        home = self.work / name
        cwd = home / "cwd"  # a working folder with nothing in it: the bundle must not care
        cwd.mkdir(parents=True, exist_ok=True)
        env = {**clean_environment(home), **(extra_env or {})}
        try:
            done = subprocess.run(
                [str(self.program), *args],
                cwd=cwd,
                env=env,
                input=stdin,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            return self.fail(name, f"no exit after {TIMEOUT_S} s")
        stderr = [
            line
            for line in done.stderr.splitlines()
            if line.strip() and not any(p.search(line) for p in ALLOWED_STDERR)
        ]
        if DEBUG_BUILD or done.returncode != 0:
            stderr = []  # the bootloader's trace lines, or a "no" answer's reasons
        log_errors = [
            line
            for log in home.rglob("*.log")
            for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
            if re.search(r"\b(ERROR|CRITICAL)\b", line)
        ]
        if done.returncode not in answers:
            tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
            return self.fail(name, f"exit code {done.returncode}", tail)
        if stderr:
            return self.fail(name, "unexpected output on stderr", stderr[:15])
        if log_errors:
            return self.fail(name, "errors in the kiosk's log", log_errors[:15])
        return done.stdout

    def passed(self, name: str, lines: list[str] | None = None) -> None:
        if name not in self.failures:
            print(f"smoke: {name}: ok")
            for line in lines or []:
                print(f"    {line}")

    def fail(self, name: str, reason: str, lines: list[str] | None = None) -> None:
        self.failures.append(name)
        print(f"smoke: {name}: FAILED: {reason}")
        for line in lines or []:
            print(f"    {line}")
        return None

    def check(self, name: str, ok: bool, reason: str, lines: list[str] | None = None) -> None:
        if not ok:
            self.fail(name, reason, lines)


def main(argv: list[str]) -> int:
    bundle = Path(argv[0] if argv else REPO / "dist" / "kiosk").resolve()
    internal = bundle / "_internal"
    with tempfile.TemporaryDirectory(prefix="kiosk-smoke-") as tmp:
        smoke = Smoke(bundle, Path(tmp))

        out = smoke.run("version", ["--version"])
        if out is not None:
            smoke.check("version", out.startswith("kiosk "), f"unexpected output: {out!r}")
            smoke.passed("version", [out.strip()])

        # The full-screen kiosk needs a staff PIN: set one as staff would, then self-test.
        bundled = (internal / "kiosk.toml").is_file()
        if smoke.run("self-test", ["set-pin"], stdin=f"{SMOKE_PIN}\n") is not None:
            smoke.passed("set-pin")
        out = smoke.run("self-test", ["--self-test"])
        if out is not None:
            lines = out.strip().splitlines()
            smoke.check(
                "self-test", bool(lines) and lines[-1].startswith("self-test:"), "no summary"
            )
            smoke.passed("self-test" + (" (with the bundled kiosk.toml)" if bundled else ""), lines)

        fonts_dir = internal / "assets" / "fonts"
        fonts = sorted(fonts_dir.glob("NotoSans-*.ttf"))
        smoke.check("fonts", len(fonts) >= 2, f"Noto Sans is missing from {fonts_dir}")
        smoke.passed("fonts", [", ".join(f.name for f in fonts)])
        if sys.platform.startswith("linux"):
            name = "self-test without system fonts"
            fc = Path(tmp) / "fontconfig"
            fc.mkdir()
            (fc / "fonts.conf").write_text(EMPTY_FONTCONFIG.format(cache=fc / "cache"))
            fc_env = {"FONTCONFIG_FILE": str(fc / "fonts.conf"), "FC_DEBUG": "1"}  # 1: matches
            smoke.run(name, ["set-pin"], stdin=f"{SMOKE_PIN}\n")
            out = smoke.run(name, ["--self-test"], fc_env)
            if out is not None:
                matched = sorted(set(re.findall(r'file: "([^"]+)"', out)))
                smoke.check(
                    name,
                    bool(matched) and all(Path(f).parent == fonts_dir for f in matched),
                    "text was not matched to the bundled Noto Sans",
                    matched or ["(fontconfig matched no font file)"],
                )
                summary = [line for line in out.splitlines() if line.startswith("self-test:")]
                smoke.check(name, bool(summary), "no summary line")
                smoke.passed(name, [*summary[-1:], "fontconfig matched: " + ", ".join(matched)])

        out = smoke.run("check", ["check", str(internal / "content")])
        if out is not None:
            smoke.passed("check", out.strip().splitlines()[-1:])
        if smoke.run("config --describe", ["config", "--describe"]) is not None:
            smoke.passed("config --describe")
        out = smoke.run("speech-check", ["speech-check", "--engine="], answers=(0, 1))
        if out is not None:
            smoke.check("speech-check", out.startswith("speech: "), f"no answer: {out!r}")
            smoke.passed("speech-check", out.strip().splitlines()[:1])

        packs = Path(tmp) / "packs"
        packs.mkdir()
        config = packs / "kiosk.toml"
        config.write_text(f'content_public_key = "{minisign_keys(packs)}"\n')
        pack = packs / "smoke.tar.gz"
        steps = [
            ["pack", "create", str(internal / "content"), "-o", str(pack), "--version", "smoke"],
            ["pack", "sign", str(pack), "-s", str(packs / "minisign.key")],
            ["pack", "install", str(pack), "--config", str(config)],
            ["pack", "status", "--config", str(config)],
        ]
        outs = [smoke.run("pack", step) for step in steps]
        if outs[-1] is not None:
            smoke.check("pack", "active: smoke" in outs[-1], "not active", outs[-1].splitlines())
            smoke.passed("pack", outs[-1].strip().splitlines()[:1])

    if smoke.failures:
        print(f"smoke: FAILED ({len(smoke.failures)}): {', '.join(smoke.failures)}")
        return 1
    print(f"smoke: {bundle} passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
