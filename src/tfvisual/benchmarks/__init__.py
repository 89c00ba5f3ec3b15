"""Computations that pages time and compare, each written three ways."""
