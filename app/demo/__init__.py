"""Made-up data, never real casework: the demonstration case `make run` offers (case.py, with its documents'
files in documents.py) and the generated requests the benchmarks load (synthetic.py)."""
