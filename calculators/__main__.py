from calculators.edges.cli import entry

entry()
