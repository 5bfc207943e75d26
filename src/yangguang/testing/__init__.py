"""Test support: the two database tiers and the throwaway PostgreSQL cluster."""
