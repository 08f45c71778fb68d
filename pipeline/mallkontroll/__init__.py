"""Templates documented and checked (SPEC §4): the variable schema of each document kind derived from the code
(schema), its Swedish descriptions (descriptions), docs/mallvariabler.md generated from both (reference) and
the check behind `kommunrapport mallar kontrollera` (check)."""
