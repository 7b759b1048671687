"""The PWA's ES modules have their own tests (tests/js/*.test.mjs), run with Node's test runner."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_js_module_tests_pass() -> None:
    node = shutil.which("node")
    assert node, "Node.js runs the ES module tests; install Debian's nodejs"
    files = sorted(str(path) for path in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert files, "no JS tests found"
    result = subprocess.run([node, "--test", *files], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
