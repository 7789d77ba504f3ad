/**
 * Import/export limits in one place. They are constants rather than environment keys because they
 * protect the server (memory, disk, zip bombs), not a deployment choice; routes take `maxBytes` as an
 * option so tests can exercise the 413 path with a small file.
 */
export const LIMITS = {
  /** Largest accepted upload (bytes). Bigger bodies get 413 before they are read. */
  maxUploadBytes: 200 * 1024 * 1024,
  /** KML/KMZ is parsed as a DOM (no streaming XML parser is safe enough); keep it bounded. */
  maxKmlBytes: 64 * 1024 * 1024,
  /** Zip archives: entries we look at, total bytes we inflate, and the inflation ratio we believe. */
  maxZipEntries: 2000,
  maxUnzippedBytes: 1024 * 1024 * 1024,
  maxZipRatio: 200,
  /** Vertices one feature may have: more is refused before PostGIS sees it (a 1M-vertex polygon stalls validation and tiles). */
  maxVerticesPerFeature: 200_000,
  /** Features checked per PostGIS validity round trip and inserted per statement. */
  batchSize: 1000,
  /** Features sampled to guess the CRS, the axis order and a GCJ-02 shift. */
  crsSample: 500,
  gcjSample: 200,
  /** A dry run returns at most this many features as a map preview. */
  previewMax: 5000,
  /** The report lists at most this many rejections (the count is always exact). */
  rejectedListMax: 5000,
} as const;
