"""Yangguang (阳光): administrative power run online and under public view."""
