/**
 * How the browser draws WebGL: on a graphics card, or in software on the processor. Software
 * renderers are common where this map is used: office PCs on virtual desktops (Windows' "Microsoft
 * Basic Render Driver"), Chromium without a usable GPU (SwiftShader), Linux without drivers
 * (llvmpipe). There every pixel of every frame is CPU work, and the map's quality settings are paid
 * in seconds: multisample antialiasing draws four samples a pixel, and the symbol fade repaints the
 * map for 300 ms after each move. On a software renderer the map leaves both out; a zoom then costs
 * a third less CPU (measured in headless Chromium on SwiftShader, 1440 × 900).
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

/** The map's drawing settings for this browser's renderer. */
export function renderSettings(): { antialias: boolean; fadeDuration: number } {
  const soft = softwareWebGL();
  return { antialias: !soft, fadeDuration: soft ? 0 : 300 };
}
