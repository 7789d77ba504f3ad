"""OWSLib (Debian's python3-owslib) as an independent OGC API - Features client.

Usage: owslib_client.py <landing page URL> <collection> <cql2-text filter> <cql2-json filter> <crs URI>
Prints one JSON object: the conformance classes, the collection's queryables, the page the text
filter selects, the page the JSON filter selects, and the first page of items in <crs>.
"""
import json
import sys

from owslib.ogcapi.features import Features

url, collection, text_filter, json_filter, crs = sys.argv[1:6]
api = Features(url)
out = {
    "conformance": api.conformance()["conformsTo"],
    "collections": [c["id"] for c in api.collections()["collections"]],
    "queryables": api.collection_queryables(collection),
    "text": api.collection_items(collection, filter=text_filter, limit=100),
    "json": api.collection_items(collection, **{"filter": json_filter, "filter-lang": "cql2-json", "limit": 100}),
    "crs": api.collection_items(collection, crs=crs, limit=100),
}
json.dump(out, sys.stdout, ensure_ascii=False)
