/**
 * How the browser draws WebGL: on a graphics card, or in software on the processor. Software
 * renderers are common where this map is used: office PCs on virtual desktops (Windows' "Microsoft
 * Basic Render Driver"), Chromium without a usable GPU (SwiftShader), Linux without drivers
 * (llvmpipe). There every pixel of every frame is CPU work, and the map's quality settings are paid
 * in seconds: multisample antialiasing draws four samples a pixel, and the fades repaint the map for
 * 300 ms after each move (labels) and 150 ms after each basemap tile. On a software renderer the map
 * leaves them out; a zoom then costs
 * a third less CPU (measured in headless Chromium on SwiftShader, 1440 × 900).
 *
 * A user who asks the system for reduced motion (prefers-reduced-motion) gets no fades either: labels
 * and basemap tiles appear at once instead of fading in. MapLibre itself already jumps instead of
 * easing the camera for them.
 */

/** Renderer names of software rasterisers, as WebGL reports them. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|basic render driver|software/i;

export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE.test(name);
}

/** The WebGL renderer's name (the unmasked one where the browser gives it), or undefined without WebGL. */
function rendererName(): string | undefined {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  // a page may hold only a few WebGL contexts: give this probe's back at once
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}

let software: boolean | undefined;

/** Whether this browser renders WebGL in software (asked once a page). */
function softwareWebGL(): boolean {
  software ??= isSoftwareRenderer(rendererName() ?? '');
  return software;
}

export interface DrawingSettings {
  /** Multisample antialiasing of the map's WebGL context. */
  antialias: boolean;
  /** MapLibre's symbol fade (ms): labels fading in and out as they are placed. */
  fadeDuration: number;
  /** How long a basemap raster tile fades in (ms). */
  rasterFadeDuration: number;
}

/** The map's drawing settings for a renderer (software or not) and the user's motion preference. */
export function drawingSettings(o: { software: boolean; reducedMotion: boolean }): DrawingSettings {
  const fades = !o.software && !o.reducedMotion;
  return { antialias: !o.software, fadeDuration: fades ? 300 : 0, rasterFadeDuration: fades ? 150 : 0 };
}

/** The map's drawing settings in this browser, as the map is created. */
export function renderSettings(): DrawingSettings {
  return drawingSettings({ software: softwareWebGL(), reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches });
}
