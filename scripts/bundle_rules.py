"""What goes into the one-folder app and what stays out: the rules build.spec applies.

Plain Python, no PyInstaller import at module level, so tests check each rule.
A rule works on a file's place in the bundle (``PySide6/Qt/plugins/styles/libqwindows.so``).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

JUNK = re.compile(r"(^\.|^__pycache__$|~$|\.swp$|\.pyc$|^Thumbs\.db$|^desktop\.ini$)", re.I)
EXECUTABLE_ONLY = {"app-icon.ico", "app-icon.icns"}  # the exe's icon, not the app's data

# Python modules nothing in the kiosk uses (tests, docs, other toolkits, Qt modules we never call).
EXCLUDES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "pydoc", "pydoc_data", "doctest",
    "unittest", "test", "lib2to3", "distutils", "setuptools", "pkg_resources", "pip", "venv",
    "ensurepip", "xmlrpc", "ssl",  # the kiosk never opens a network connection
    "pygments",  # markdown works without it (no code highlighting)
    "pytest", "_pytest", "pytestqt", "PyInstaller",
    # Legacy Chinese, Japanese and Korean codecs (0.9 MB): every text file is read as UTF-8.
    "_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp", "_codecs_kr", "_codecs_tw",
    *(f"PySide6.{name}" for name in (
        "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
        "QtBluetooth", "QtCanvasPainter", "QtCharts", "QtConcurrent", "QtDataVisualization",
        "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation",
        "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL",
        "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml",
        "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets",
        "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort",
        "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvgWidgets", "QtTest", "QtUiTools",
        "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets",
        "QtWebSockets", "QtWebView", "QtXml", "QtAsyncio",
    )),
]  # fmt: skip
# QtTextToSpeech (Listen) links QtMultimedia and QtNetwork: their libraries come along as its
# dependencies, but not their Python modules, media back ends (FFmpeg) or TLS plugins.

# Qt plugins by folder: the names kept ("*" = all). A folder not listed is left out.
QT_PLUGINS = {
    "platforms": {"offscreen", "xcb", "wayland", "windows", "cocoa"},
    "imageformats": {"svg", "jpeg", "gif", "webp"},  # png, bmp, ppm and xpm are built in
    "iconengines": {"*"},  # svgicon: QIcon from .svg
    "styles": {"*"},  # Windows 11 and macOS styles
    "texttospeech": {"speechd", "flite", "sapi", "winrt", "darwin", "avfoundation"},  # no mock
    "platforminputcontexts": {"compose", "ibus"},  # not the QML virtual keyboard
    "xcbglintegrations": {"*"},
    "wayland-shell-integration": {"xdg-shell"},  # what cage and other compositors speak
    "wayland-decoration-client": {"bradient"},  # a title bar for --windowed without SSD
    "wayland-graphics-integration-client": {"wayland-egl"},
    "generic": {"evdevtouch", "evdevmouse", "evdevkeyboard", "evdevtablet"},
    "printsupport": {"*"},  # handouts on the clinic's printer (CUPS on Linux and macOS)
}
# Qt libraries nothing we keep needs (after the plugins above are gone), by module name.
QT_LIBS_OUT = re.compile(
    r"^(Quick|Qml|VirtualKeyboard|Pdf|EglFS|EglFs|WebEngine|3D|Charts|DataVisualization|Graphs"
    r"|MultimediaQuick|MultimediaWidgets|SpatialAudio|LabsWavefrontMesh|FFmpegStub)"
)
OTHER_LIBS_OUT = re.compile(
    r"^(lib)?(avcodec|avformat|avutil|swresample|swscale)[-.\d]"  # FFmpeg, for media playback
    r"|^opengl32sw\.dll$"  # software OpenGL: widgets paint with the raster engine
    # CUPS comes from the system, like libGL: it must match the machine's print service, and
    # bundled it brought GnuTLS, Kerberos and p11-kit along (8 MB).
    r"|^libcups\.so",
    re.I,
)


def tree(source: Path, target: str):
    """(file, folder in the bundle) for every file under source, minus editor and OS litter."""
    for folder, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if not JUNK.search(d))
        rel = Path(folder).relative_to(source)
        for name in sorted(files):
            if not JUNK.search(name) and name not in EXECUTABLE_ONLY:
                yield str(Path(folder) / name), str(Path(target) / rel)


def languages(content: Path) -> set[str]:
    """Language codes of the bundled packs ("en", "es"), from the content's folder names."""
    return {re.split(r"[-_]", p.name.lower())[0] for p in content.iterdir() if p.is_dir()}


def plugin_name(file_name: str) -> str:
    """libqxcb.so -> xcb, qwindows.dll -> windows, libqtexttospeech_sapi.dylib -> sapi."""
    stem = re.sub(r"\.(so|dll|dylib)$", "", file_name, flags=re.I)
    stem = re.sub(r"^lib", "", stem)
    stem = re.sub(r"^qtexttospeech_", "", stem)
    stem = re.sub(r"^qt-plugin-", "", stem)
    stem = re.sub(r"plugin$", "", stem.replace("platforminputcontext", ""))
    return re.sub(r"^q(?=[a-z])", "", stem)


def qt_module_name(file_name: str) -> str | None:
    """libQt6Quick.so.6 / Qt6Quick.dll / QtQuick (in QtQuick.framework) -> Quick, else None."""
    found = re.match(r"^(?:lib)?Qt6?([A-Z][A-Za-z0-9]*)", file_name)
    return found.group(1) if found else None


def unwanted(dest: str, hyphenation: set[str]) -> bool:
    """True for a bundled file the kiosk never uses. ``hyphenation``: dictionaries to keep
    (they count syllables for `kiosk check`'s reading grade; other languages count vowels)."""
    parts = Path(dest).parts
    name = parts[-1]
    if parts[:2] == ("pyphen", "dictionaries"):
        found = re.match(r"(?:README_)?hyph_([a-z]+)", name, re.I)  # and its licence README
        return not found or found.group(1).lower() not in hyphenation
    if "translations" in parts and name.endswith(".qm"):
        return True  # Qt's own dialogs are never shown; the kiosk has its own words
    if "plugins" in parts and parts.index("plugins") == len(parts) - 3:
        keep = QT_PLUGINS.get(parts[-2], set())
        return "*" not in keep and plugin_name(name) not in keep
    if OTHER_LIBS_OUT.search(name):
        return True
    module = next((qt_module_name(p) for p in parts if qt_module_name(p)), None)
    return module is not None and bool(QT_LIBS_OUT.match(module)) and "plugins" not in parts


def direct_needs(src: str) -> list[tuple[str, None]]:
    """Linux: the libraries a file links itself (its ELF NEEDED entries), not theirs.

    PyInstaller's ``get_imports`` asks ldd, which lists every library below too: a library
    left to the system (libcups) would keep its whole tree (GnuTLS, Kerberos) in the bundle.
    """
    out = subprocess.run(["readelf", "-d", src], capture_output=True, text=True).stdout
    return [(name, None) for name in re.findall(r"\(NEEDED\)\s+Shared library: \[([^]]+)\]", out)]


def unreachable(binaries, imports) -> set[str]:
    """Shared libraries nothing kept loads any more (e.g. GTK, once the GTK theme plugin is
    out). Roots: Python extensions, Qt plugins and libpython. ``imports(src)`` lists the
    libraries a file links (``direct_needs`` in the build)."""
    by_name = {Path(dest).name: (dest, src) for dest, src, _ in binaries}
    todo = [
        (dest, src)
        for dest, src, kind in binaries
        if kind == "EXTENSION" or "/plugins/" in dest or Path(dest).name.startswith("libpython")
    ]
    seen: set[str] = set()
    while todo:
        dest, src = todo.pop()
        if dest not in seen:
            seen.add(dest)
            todo += [by_name[Path(n).name] for n, _path in imports(src) if Path(n).name in by_name]
    return {dest for dest, _, _ in binaries} - seen


def trim(analysis, hyphenation: set[str], imports=None) -> None:
    """Drop unwanted plugins, libraries and translations from the analysis, in place;
    with ``imports`` (Linux), also the libraries nothing kept loads."""
    before = sum(Path(src).stat().st_size for _, src, _ in analysis.binaries)
    binaries = [e for e in analysis.binaries if not unwanted(e[0], hyphenation)]
    if imports is not None:
        orphans = unreachable(binaries, imports)
        binaries = [e for e in binaries if e[0] not in orphans]
    datas = [e for e in analysis.datas if not unwanted(e[0], hyphenation)]
    gone = {e[0] for e in analysis.binaries + analysis.datas} - {e[0] for e in binaries + datas}
    datas = [e for e in datas if not (e[2] == "SYMLINK" and e[1] in gone)]  # links to gone files
    after = sum(Path(src).stat().st_size for _, src, _ in binaries)
    print(f"kiosk: binaries trimmed from {before / 2**20:.1f} to {after / 2**20:.1f} MiB")
    analysis.binaries[:] = binaries
    analysis.datas[:] = datas


def windows_version(name: str, version: str):
    """The Windows version resource: file and product version from kiosk.__version__."""
    from PyInstaller.utils.win32 import versioninfo as vi

    numbers = (*(int(n) for n in re.findall(r"\d+", version)[:4]), 0, 0, 0, 0)[:4]
    strings = {
        "FileDescription": "Patient education kiosk",
        "FileVersion": version,
        "InternalName": name,
        "LegalCopyright": "MIT License",
        "OriginalFilename": f"{name}.exe",
        "ProductName": "kiosk",
        "ProductVersion": version,
    }
    table = vi.StringTable("040904B0", [vi.StringStruct(k, v) for k, v in strings.items()])
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[
            vi.StringFileInfo([table]),
            vi.VarFileInfo([vi.VarStruct("Translation", [1033, 1200])]),
        ],
    )
