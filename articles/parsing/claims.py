def extract_claims(p, *, published_at=None): return ()
