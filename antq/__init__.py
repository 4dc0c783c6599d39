"""antq: the command line that runs the stages (crawler, nlp, warehouse, dashboard)."""
__version__ = "0.1.0"
