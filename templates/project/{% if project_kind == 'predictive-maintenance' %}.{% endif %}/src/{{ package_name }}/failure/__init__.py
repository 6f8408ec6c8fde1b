"""Machine failure: will this milling process end in a failure? (AI4I 2020, a classifier)"""
