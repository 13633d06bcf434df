"""The reference frame (``taxonomy.yaml``, ``labels.yaml``, ``regions.yaml``, ``map/``), shipped as package data and
found through ``importlib.resources``, so an installed ``kamerspoor`` finds it anywhere; beside it the sample papers
(``make run`` ingests them; they are not packaged)."""
