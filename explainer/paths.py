"""Where the explainer's files are, whatever the working directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
DATAPACKAGE = DATA / "datapackage.json"
GEO = DATA / "geo"
NOTEBOOKS = ROOT / "notebooks"
