"""The explainer's package: data loading and validation, figure builders, theme and
the one-call notebook setup. Notebooks narrate; everything else lives here.

Start here::

    import explainer
    from explainer import explore, maps, timeline, contested
    tables = explainer.load()                    # every table in data/, validated
    places, events = tables["places"], tables["events"]
    maps.places_map(places)                      # regions: see maps.REGIONS
    explore.select(events, places, start=1988, end=1994, text="Shusha")
    explore.Explorer(events, places)             # the live explorer (JupyterLab)

Recipes: see "Explore it yourself" in README.md and "Recipes for your own questions" in
notebooks/08_explore_it_yourself.ipynb (events in a year range on a map, everything at one
place, one quantity's figures by source, your own timeline, saving a figure), the chapter
that also holds the live explorer.

Modules: ``data`` (load, validate, source lists), ``explore`` (filters, the explorer),
``maps``, ``timeline``, ``history``, ``territory``, ``crisis``, ``contested``,
``analysis``, ``notebook`` (``setup()``).
"""

from explainer.data import DataError, load

__all__ = ["DataError", "load"]
