"""`python -m scripts wheelhouse`: every wheel the project needs, in one folder, for an offline install.

    python -m scripts wheelhouse                     # this machine's platform → wheelhouse/
    python -m scripts wheelhouse --platform windows  # 64-bit Windows, Python 3.11 → wheelhouse-windows/
    python -m scripts wheelhouse --verify            # then prove it: fresh venv, pip --no-index

On the offline machine (docs/部署指南.md):
    python -m pip install --no-index --find-links wheelhouse -r requirements.txt
    python -m pip install --no-index --no-deps --no-build-isolation -e .
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent.parent
WINDOWS = ["--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311"]


def _pip(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    return subprocess.run(command, capture_output=True, text=True)


def requirements(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def collect(out: Path, requirements_file: Path, platform: str = "native") -> list[str]:
    """Put a wheel for every pinned requirement into `out`; returns problems (empty when complete)."""
    out.mkdir(parents=True, exist_ok=True)
    problems = []
    if platform == "native":
        # `pip wheel` downloads wheels and builds the sdist-only ones (jieba) into wheels.
        result = _pip("wheel", "--no-deps", "-r", str(requirements_file), "-w", str(out))
        if result.returncode:
            problems.append(result.stderr.strip())
        return problems
    for requirement in requirements(requirements_file):
        result = _pip("download", "--no-deps", "--only-binary=:all:", *WINDOWS, "-d", str(out), requirement)
        if result.returncode == 0:
            continue
        # No binary for Windows: a pure-Python package built here works there too.
        with tempfile.TemporaryDirectory() as scratch:
            built = _pip("wheel", "--no-deps", "-w", scratch, requirement)
            wheels = list(Path(scratch).glob("*-py3-none-any.whl")) + list(Path(scratch).glob("*-py2.py3-none-any.whl"))
            if built.returncode or not wheels:
                problems.append(f"{requirement}: 没有适用于 Windows 的 wheel，也无法构建纯 Python wheel")
                continue
            shutil.copy(wheels[0], out / wheels[0].name)
    return problems


def verify(wheelhouse: Path, requirements_file: Path) -> tuple[bool, str]:
    """Install into a fresh venv with --no-index (no network), then the project itself; (ok, log)."""
    with tempfile.TemporaryDirectory() as scratch:
        venv = Path(scratch) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = str(venv / "bin" / "python")
        steps = [
            ["install", "--no-index", "--find-links", str(wheelhouse), "-r", str(requirements_file)],
            ["install", "--no-index", "--no-deps", "--no-build-isolation", "-e", str(PROJECT)],
        ]
        log = []
        for step in steps:
            result = subprocess.run(
                [python, "-m", "pip", "--disable-pip-version-check", "--no-cache-dir", *step],
                capture_output=True,
                text=True,
            )
            log.append(result.stdout[-2000:] + result.stderr[-2000:])
            if result.returncode:
                return False, "\n".join(log)
        check = subprocess.run(
            [python, "-c", "import mkdocs, material, PIL, jieba, scripts.plugin; print('ok')"],
            capture_output=True,
            text=True,
            cwd=scratch,
        )
        log.append(check.stdout + check.stderr)
        return check.returncode == 0 and check.stdout.strip() == "ok", "\n".join(log)


def run(args) -> int:
    requirements_file = PROJECT / "requirements.txt"
    out = Path(args.dir or ("wheelhouse" if args.platform == "native" else f"wheelhouse-{args.platform}")).resolve()
    problems = collect(out, requirements_file, args.platform)
    for problem in problems:
        print(f"错误: {problem}", file=sys.stderr)
    wheels = sorted(out.glob("*.whl"))
    names = {re.split(r"-\d", wheel.name, maxsplit=1)[0].lower().replace("_", "-") for wheel in wheels}
    wanted = {re.split(r"[=<>]", r)[0].lower().replace("_", "-") for r in requirements(requirements_file)}
    absent = sorted(wanted - names)
    for name in absent:
        print(f"错误: wheelhouse 中缺少 {name}", file=sys.stderr)
    if problems or absent:
        return 1
    print(f"已收集 {len(wheels)} 个 wheel：{out}")
    if args.verify:
        if args.platform != "native":
            print("错误: --verify 只能检查本机平台的 wheelhouse", file=sys.stderr)
            return 1
        ok, log = verify(out, requirements_file)
        if not ok:
            print(log, file=sys.stderr)
            print("错误: 离线安装失败", file=sys.stderr)
            return 1
        print("离线安装检查通过：新建的虚拟环境只用 wheelhouse（--no-index）装好了全部依赖和本项目。")
    return 0


def register(commands) -> None:
    parser = commands.add_parser("wheelhouse", help="收集离线安装所需的全部 wheel")
    parser.add_argument("-d", "--dir", default=None, help="输出目录（默认 wheelhouse/）")
    parser.add_argument("--platform", choices=["native", "windows"], default="native", help="目标平台（默认本机）")
    parser.add_argument("--verify", action="store_true", help="收集后在新虚拟环境中离线安装一遍")
    parser.set_defaults(run=run)
