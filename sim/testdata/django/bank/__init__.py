"""The Django site that Session Lab's Go model (sim/django_*.go) imitates.

Run only through ../conformance.py, which configures settings from a Config.
"""
