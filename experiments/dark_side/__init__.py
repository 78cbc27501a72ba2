"""The dark side of co-creation (Steen, Brandsen & Verschuere 2018, "seven evils"; concept.md
§9) as experiments.

Each evil the model can represent is an experiment file in this folder (claim, hypothesis and
design, naming the mechanism) and a verdict rule in ``verdicts.py``; ``report.py`` runs them and
writes one report, which also says which evil the model cannot represent and why.
"""
