import { describe, expect, it } from 'vitest';
import { drawingSettings, isSoftwareRenderer } from './renderer.ts';

describe('isSoftwareRenderer', () => {
  it('knows the software rasterisers by the names WebGL gives them', () => {
    for (const name of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
      'Mesa softpipe',
    ])
      expect(isSoftwareRenderer(name), name).toBe(true);
  });

  it('takes graphics cards and masked names for hardware', () => {
    for (const name of [
      'ANGLE (Intel, Intel(R) UHD Graphics 620 Direct3D11 vs_5_0 ps_5_0, D3D11)',
      'ANGLE (NVIDIA, NVIDIA GeForce GTX 1650 (0x00001F82) Direct3D11 vs_5_0 ps_5_0, D3D11)',
      'Apple M1',
      'WebKit WebGL',
      '',
    ])
      expect(isSoftwareRenderer(name), name).toBe(false);
  });
});

describe('drawingSettings', () => {
  it('fades labels and basemap tiles in only on a graphics card for a user who has not asked for reduced motion', () => {
    expect(drawingSettings({ software: false, reducedMotion: false })).toEqual({ antialias: true, fadeDuration: 300, rasterFadeDuration: 150 });
    expect(drawingSettings({ software: false, reducedMotion: true })).toEqual({ antialias: true, fadeDuration: 0, rasterFadeDuration: 0 });
    expect(drawingSettings({ software: true, reducedMotion: false })).toEqual({ antialias: false, fadeDuration: 0, rasterFadeDuration: 0 });
    expect(drawingSettings({ software: true, reducedMotion: true })).toEqual({ antialias: false, fadeDuration: 0, rasterFadeDuration: 0 });
  });
});
