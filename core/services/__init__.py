"""Service functions: plain values and a unit of work in, frozen dataclasses out.

Each one checks permissions against the database, changes state and commits.
"""
