"""What researchers ask of the archive first: how much coverage a query got and when
(``counts``), what the matching articles say (``words``) and whom they quote
(``speakers``). Read by the API (``articles/api/research.py``) and the site's charts."""
