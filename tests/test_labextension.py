"""The explainer's JupyterLab extension as JupyterLab's loader meets it (explainer.labextension):
a package JupyterLab finds, one script that declares the container the loader asks for, and a
phone layout read from an untrusted notebook that cannot reach an object's prototype. The
browser test in test_jupyterlab.py checks what it draws in a real JupyterLab."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from explainer import labextension

NODE = shutil.which("node")

LOAD = """
const fs = require('fs');
global.window = global;
eval(fs.readFileSync(process.argv[1], 'utf8'));
const container = window._JUPYTERLAB[process.argv[2]];
Promise.resolve(container.init({})).then(() => container.get('./extension')).then(factory => {
  const module = factory();
  const plugin = module.default[0];
  const hostile = {limit: 600, narrow: {'__proto__.polluted': 1, 'legend.constructor.x': 2,
                                        'data[0].__proto__': 3, 'title.text': 'kept'},
                   labels: {axes: [{axis: '__proto__', x: 'xaxis', lines: ['a']},
                                   {axis: 'yaxis2', x: 'xaxis2', lines: ['b']}]}};
  console.log(JSON.stringify({id: plugin.id, autoStart: plugin.autoStart, activate: typeof plugin.activate,
                              pageFunctions: typeof window.explainerNewPlot, clean: module.clean(hostile),
                              notAPhone: module.clean({narrow: {}}), prototypeUntouched: ({}).polluted === undefined}));
});
"""


def test_jupyterlab_finds_the_package_and_its_script(tmp_path):
    target = labextension.install(tmp_path)
    package = json.loads((target / "package.json").read_text())
    assert package["name"] == labextension.NAME == target.name
    build = package["jupyterlab"]["_build"]
    assert (target / build["load"]).is_file()
    assert build["extension"] == "./extension" and package["jupyterlab"]["extension"] is True


@pytest.mark.skipif(NODE is None, reason="node is installed by make test's system step")
def test_the_container_gives_jupyterlab_a_plugin_and_keeps_hostile_keys_out(tmp_path):
    target = labextension.install(tmp_path)
    script = target / json.loads((target / "package.json").read_text())["jupyterlab"]["_build"]["load"]
    run = subprocess.run(
        [NODE, "-e", LOAD, str(script), labextension.NAME], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["id"] == "explainer-phone:plugin" and result["autoStart"] is True
    assert result["activate"] == "function" and result["pageFunctions"] == "function"
    assert result["clean"]["narrow"] == {"title.text": "kept"}
    assert [a["axis"] for a in result["clean"]["labels"]["axes"]] == ["yaxis2"]
    assert result["notAPhone"] is None and result["prototypeUntouched"] is True
