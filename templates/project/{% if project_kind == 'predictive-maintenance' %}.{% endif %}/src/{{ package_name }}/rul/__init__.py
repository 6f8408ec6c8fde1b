"""Remaining useful life: how many cycles has this engine left? (C-MAPSS FD001, a regressor)"""
