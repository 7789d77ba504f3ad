"""QGIS (Debian's python3-qgis, headless) as an OGC API - Features client, for tests/api/qgis-oapif.test.ts.

argv: the server's base URL and a JSON job {"collections": [ids], "bbox": [w, s, e, n]}.
One QGIS process opens every collection through its OAPIF provider and prints JSON:
{id: {valid, error, count, features: [{field: value}], bboxNames: [names]}}.
"""
import json
import os
import sys

from qgis.core import QgsApplication, QgsFeatureRequest, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QDate, QDateTime


def plain(value):
    """A field value as JSON: NULL -> None, dates as ISO text."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    if isinstance(value, QDate):
        return value.toString("yyyy-MM-dd")
    if isinstance(value, QDateTime):
        return value.toString("yyyy-MM-ddTHH:mm:ss")
    return value


def main():
    base, job = sys.argv[1], json.loads(sys.argv[2])
    app = QgsApplication([], False)
    app.initQgis()
    out = {}
    for cid in job["collections"]:
        print(cid, file=sys.stderr, flush=True)
        layer = QgsVectorLayer(f"url='{base}/ogc' typename='{cid}'", cid, "OAPIF")
        if not layer.isValid():
            out[cid] = {"valid": False, "error": layer.error().summary()}
            continue
        names = [f.name() for f in layer.fields()]
        features = [dict(zip(names, map(plain, f.attributes()))) for f in layer.getFeatures()]
        # a second layer that asks the server for the box only (QGIS sends bbox=)
        boxed = QgsVectorLayer(f"url='{base}/ogc' typename='{cid}' restrictToRequestBBOX='1'", cid, "OAPIF")
        w, s, e, n = job["bbox"]
        request = QgsFeatureRequest().setFilterRect(QgsRectangle(w, s, e, n))
        label = "name" if "name" in names else "title"  # the ledger's cases have titles
        bbox_names = [f[label] for f in boxed.getFeatures(request)]
        out[cid] = {"valid": True, "count": layer.featureCount(), "features": features, "bboxNames": bbox_names}
    sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str))
    sys.stdout.flush()
    # QGIS 3.22 may crash tearing down providers at exit; the answer is written, so leave at once
    os._exit(0)


main()
