"""The six common objections to co-creation (the seed's slide 9, seed.md §9; concept.md §8) as experiments.

Each objection is an experiment file in this folder (claim, the seed's answer, hypothesis and
design) and a verdict rule in ``verdicts.py``; ``report.py`` runs them and writes one report.
"""
