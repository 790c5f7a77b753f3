"""The chapters under test, shared by the notebook tests."""

from explainer import paths

CHAPTERS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
PLOTLY = "application/vnd.plotly.v1+json"


def figure_outputs(nb):
    """Every plotly figure (its JSON) in a notebook's saved outputs, in order."""
    return [
        o["data"][PLOTLY]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if PLOTLY in o.get("data", {})
    ]
