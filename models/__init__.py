"""Model configuration and the trained heads (``heads.npz``, ``scope.json``, ``calibration.txt``), shipped as package
data and found through ``importlib.resources``; the scripts that build the default model (``build_e5.py``,
``build_fast.py``) and train the heads. The built model folder itself is made by ``make install``, not packaged."""
